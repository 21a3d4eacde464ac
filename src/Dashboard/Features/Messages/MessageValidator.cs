using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Messages;

/// <summary>
/// One set of rules for the operator console and the intake API. Errors are keyed by the camelCase field
/// name of the public contract, so the API's problem document and the form show the same thing.
/// </summary>
public sealed class MessageValidator(IStringLocalizer<SharedResource> text, TimeProvider time)
{
    /// <summary>No call reached an answering service before this; older dates are typing or clock errors.</summary>
    public static readonly DateTimeOffset EarliestReceivedAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far an operator centre's clock may run ahead of ours before "received at" is refused.</summary>
    public static readonly TimeSpan ReceivedAtClockSkew = TimeSpan.FromMinutes(5);

    public sealed record Result(ValidMessage? Value, Dictionary<string, string[]> Errors)
    {
        public bool IsValid => Errors.Count == 0;
    }

    public sealed record ValidMessage(
        string CallerName, string CallerOrganization, string CallbackNumber, string ForWhom,
        string Subject, string Body, Urgency Urgency, string OperatorNote, DateTimeOffset? ReceivedAt);

    public Result Validate(MessageInput input, bool requireTenant)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors[field] = [message];

        if (requireTenant && string.IsNullOrWhiteSpace(input.Tenant))
        {
            Fail("tenant", text["Validation_TenantRequired"]);
        }
        else if (HasUnstorableCharacter(input.Tenant))
        {
            Fail("tenant", text["Validation_InvalidCharacter"]);
        }
        Required("callerName", input.CallerName, MessageLimits.Name);
        Optional("callerOrganization", input.CallerOrganization, MessageLimits.Name);
        Optional("forWhom", input.ForWhom, MessageLimits.Name);
        Required("subject", input.Subject, MessageLimits.Subject);
        Optional("body", input.Body, MessageLimits.Body);
        Optional("operatorNote", input.OperatorNote, MessageLimits.Body);

        var callback = "";
        if (string.IsNullOrWhiteSpace(input.CallbackNumber))
        {
            Fail("callbackNumber", text["Validation_CallbackRequired"]);
        }
        else if (HasUnstorableCharacter(input.CallbackNumber))
        {
            Fail("callbackNumber", text["Validation_InvalidCharacter"]);
        }
        else if (!CallbackNumbers.TryNormalize(input.CallbackNumber, out callback))
        {
            Fail("callbackNumber", text["Validation_CallbackInvalid"]);
        }

        var urgency = Urgency.Normal;
        if (!string.IsNullOrWhiteSpace(input.Urgency)
            && (!Enum.TryParse(input.Urgency, ignoreCase: true, out urgency) || !Enum.IsDefined(urgency) || int.TryParse(input.Urgency, out _)
                || input.Urgency.Contains(',', StringComparison.Ordinal)))
        {
            Fail("urgency", text["Validation_UrgencyInvalid"]);
        }

        DateTimeOffset? receivedAt = null;
        if (HasUnstorableCharacter(input.ReceivedAt))
        {
            // The parser would read past a NUL and accept the date before it.
            Fail("receivedAt", text["Validation_ReceivedAtInvalid"]);
        }
        else if (!string.IsNullOrWhiteSpace(input.ReceivedAt))
        {
            if (DateTimeOffset.TryParse(input.ReceivedAt, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind, out var parsed))
            {
                receivedAt = parsed.ToUniversalTime();
                if (receivedAt < EarliestReceivedAt || receivedAt > time.GetUtcNow() + ReceivedAtClockSkew)
                {
                    Fail("receivedAt", text["Validation_ReceivedAtRange", (int)ReceivedAtClockSkew.TotalMinutes]);
                }
            }
            else
            {
                Fail("receivedAt", text["Validation_ReceivedAtInvalid"]);
            }
        }

        if (errors.Count > 0)
        {
            return new Result(null, errors);
        }
        return new Result(new ValidMessage(
            input.CallerName!.Trim(), Clean(input.CallerOrganization), callback, Clean(input.ForWhom),
            input.Subject!.Trim(), Clean(input.Body), urgency, Clean(input.OperatorNote), receivedAt), errors);

        void Required(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail(field, text["Validation_Required"]);
            }
            else
            {
                Optional(field, value, max);
            }
        }

        void Optional(string field, string? value, int max)
        {
            if (HasUnstorableCharacter(value))
            {
                Fail(field, text["Validation_InvalidCharacter"]);
            }
            else if (value is not null && value.Trim().Length > max)
            {
                Fail(field, text["Validation_TooLong", max]);
            }
        }
    }

    /// <summary>PostgreSQL cannot store a NUL in text (22021): refused here, before anything is written.</summary>
    public static bool HasUnstorableCharacter(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    private static string Clean(string? value) => value?.Trim() ?? "";
}
