using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Messages;

/// <summary>
/// One set of rules for callbacks and notes, for the API and the pages. Errors are keyed by the camelCase field of the
/// public contract. Whether a callback falls before its message was received is checked against the message, in
/// <see cref="FollowUpService"/>.
/// </summary>
public sealed class FollowUpValidator(IStringLocalizer<SharedResource> text, TimeProvider time)
{
    /// <summary>How far a caller's clock (a phone, a program) may run ahead of ours before "called at" is refused.</summary>
    public static readonly TimeSpan CalledAtClockSkew = TimeSpan.FromMinutes(2);

    public sealed record Result<T>(T? Value, Dictionary<string, string[]> Errors) where T : class
    {
        public bool IsValid => Errors.Count == 0;
    }

    /// <summary>A callback ready to record; <paramref name="DurationSeconds"/> only for a call the service bridged and timed.</summary>
    public sealed record ValidCallback(CallbackOutcome Outcome, string Note, DateTimeOffset? CalledAt, int? DurationSeconds = null);

    public sealed record ValidNote(string Text);

    public Result<ValidCallback> Validate(CallbackInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        CallbackOutcome outcome = default;
        if (string.IsNullOrWhiteSpace(input.Outcome))
        {
            errors["outcome"] = [text["Validation_Required"]];
        }
        else if (!TryParseName(input.Outcome, out outcome))
        {
            errors["outcome"] = [text["Api_ValueNotAllowed", string.Join(", ", Enum.GetNames<CallbackOutcome>())]];
        }
        NoteError("note", input.Note, errors);

        DateTimeOffset? calledAt = null;
        if (MessageValidator.HasUnstorableCharacter(input.CalledAt))
        {
            errors["calledAt"] = [text["Validation_ReceivedAtInvalid"]];
        }
        else if (!string.IsNullOrWhiteSpace(input.CalledAt))
        {
            if (DateTimeOffset.TryParse(input.CalledAt, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
            {
                calledAt = parsed.ToUniversalTime();
                if (calledAt > time.GetUtcNow() + CalledAtClockSkew)
                {
                    errors["calledAt"] = [text["Validation_CalledAtFuture", (int)CalledAtClockSkew.TotalMinutes]];
                }
            }
            else
            {
                errors["calledAt"] = [text["Validation_ReceivedAtInvalid"]];
            }
        }
        return errors.Count > 0
            ? new Result<ValidCallback>(null, errors)
            : new Result<ValidCallback>(new ValidCallback(outcome, input.Note?.Trim() ?? "", calledAt), errors);
    }

    public Result<ValidNote> Validate(NoteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            errors["text"] = [text["Validation_Required"]];
        }
        else
        {
            NoteError("text", input.Text, errors);
        }
        return errors.Count > 0
            ? new Result<ValidNote>(null, errors)
            : new Result<ValidNote>(new ValidNote(input.Text!.Trim()), errors);
    }

    /// <summary>The error for "called at before the message was received", in the reader's language.</summary>
    public string CalledAtBeforeReceived() => text["Validation_CalledAtBeforeReceived"];

    private void NoteError(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (MessageValidator.HasUnstorableCharacter(value))
        {
            errors[field] = [text["Validation_InvalidCharacter"]];
        }
        else if (value is not null && value.Trim().Length > MessageLimits.Note)
        {
            errors[field] = [text["Validation_TooLong", MessageLimits.Note]];
        }
    }

    /// <summary>An outcome by name ("Reached", "noAnswer"); numbers and combinations are not names.</summary>
    private static bool TryParseName(string value, out CallbackOutcome outcome) =>
        Enum.TryParse(value.Trim(), ignoreCase: true, out outcome) && Enum.IsDefined(outcome)
        && !int.TryParse(value, out _) && !value.Contains(',', StringComparison.Ordinal);
}
