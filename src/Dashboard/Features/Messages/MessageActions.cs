using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dashboard.Features.Messages;

/// <summary>Acknowledge and resolve from any page, with the same feedback: who took it, or why it failed.</summary>
public sealed class MessageActions(MessageService messages, CurrentActor actor, ISnackbar snackbar,
    IStringLocalizer<SharedResource> text, ILogger<MessageActions> logger)
{
    public Task<MessageDto?> AcknowledgeAsync(Guid id) => RunAsync(id, messages.AcknowledgeAsync, "Feedback_Acknowledged");

    public Task<MessageDto?> ResolveAsync(Guid id) => RunAsync(id, messages.ResolveAsync, "Feedback_Resolved");

    private async Task<MessageDto?> RunAsync(Guid id, Func<Guid, Actor, CancellationToken, Task<TransitionResult>> transition, string doneKey)
    {
        try
        {
            var result = await transition(id, await actor.GetAsync(), CancellationToken.None);
            switch (result.Outcome)
            {
                case TransitionOutcome.Changed:
                    snackbar.Add(text[doneKey], Severity.Success);
                    break;
                case TransitionOutcome.AlreadyDone:
                    snackbar.Add(text["Feedback_AlreadyTaken", result.Message?.AcknowledgedBy ?? "?"], Severity.Info);
                    break;
                default:
                    snackbar.Add(text["NotFound_Text"], Severity.Warning);
                    break;
            }
            return result.Message;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not change message {MessageId}", id);
            snackbar.Add(text["Feedback_SaveFailed"], Severity.Error);
            return null;
        }
    }
}
