using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dashboard.Features.Messages;

/// <summary>Recording a callback or a note from any page: the same rules as the API, errors by field, and the same feedback.</summary>
public sealed class FollowUpActions(IDbContextFactory<AppDbContext> dbFactory, FollowUpService followUps, FollowUpValidator validator, CurrentActor actor, ISnackbar snackbar,
    IStringLocalizer<SharedResource> text, ILogger<FollowUpActions> logger)
{
    /// <summary>What came of it: the message as it now stands, or the errors to show beside the fields (empty when it failed otherwise).</summary>
    public sealed record Outcome(MessageDto? Message, IReadOnlyDictionary<string, string[]> Errors);

    public async Task<Outcome> RecordCallbackAsync(Guid messageId, CallbackInput input)
    {
        var valid = validator.Validate(input);
        if (!valid.IsValid)
        {
            return new Outcome(null, valid.Errors);
        }
        return await RunAsync(messageId, async a => await followUps.RecordCallbackAsync(messageId, valid.Value!, a, CallbackChannel.Phone, CancellationToken.None),
            "Callback_Recorded");
    }

    /// <summary>The message the tel:-return prompt asks about, and its tenant's time zone; null when it is not visible to this user.</summary>
    public async Task<(MessageDto Message, TimeZoneInfo TimeZone)?> MessageForPromptAsync(Guid messageId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.FindDtoAsync(messageId, CancellationToken.None) is not { } message)
        {
            return null;
        }
        var zone = await db.Tenants.AsNoTracking().Where(t => t.Id == message.TenantId).Select(t => t.TimeZoneId).FirstAsync();
        return (message, TimeZoneInfo.FindSystemTimeZoneById(zone));
    }

    public async Task<Outcome> AddNoteAsync(Guid messageId, NoteInput input)
    {
        var valid = validator.Validate(input);
        if (!valid.IsValid)
        {
            return new Outcome(null, valid.Errors);
        }
        return await RunAsync(messageId, a => followUps.AddNoteAsync(messageId, valid.Value!, a, CancellationToken.None), "Note_Added");
    }

    private async Task<Outcome> RunAsync(Guid messageId, Func<Actor, Task<FollowUpResult>> write, string doneKey)
    {
        try
        {
            var result = await write(await actor.GetAsync());
            switch (result.Outcome)
            {
                case FollowUpOutcome.Recorded:
                    snackbar.Add(text[doneKey], Severity.Success);
                    return new Outcome(result.Message, new Dictionary<string, string[]>());
                case FollowUpOutcome.CalledAtBeforeReceived:
                    return new Outcome(null, new Dictionary<string, string[]> { ["calledAt"] = [validator.CalledAtBeforeReceived()] });
                default:
                    snackbar.Add(text["NotFound_Text"], Severity.Warning);
                    return new Outcome(null, new Dictionary<string, string[]>());
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not record a follow-up on message {MessageId}", messageId);
            snackbar.Add(text["Feedback_SaveFailed"], Severity.Error);
            return new Outcome(null, new Dictionary<string, string[]>());
        }
    }
}
