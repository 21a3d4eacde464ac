using Dashboard.Features.Notifications;

namespace Dashboard.Features.Escalation;

/// <summary>Escalation's side of the channels' reply contract: "I take it" through a channel acknowledges the attempt's message.</summary>
public sealed class AcknowledgeReplies(PhoneAcknowledgement phone) : INotificationReplyHandler
{
    public ReplyMeaning Meaning => ReplyMeaning.Acknowledge;

    public Task AnsweredAsync(ReplyPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        return phone.MarkAnsweredAsync(path.SubjectId, cancellationToken);
    }

    public async Task<ReplyResult> ReplyAsync(ReplyPath path, NotificationChannel via, string? reachedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var result = await phone.AcknowledgeAsync(path.SubjectId, cancellationToken);
        return result switch
        {
            null => new ReplyResult(ReplyOutcome.NotFound),
            { Outcome: Messages.TransitionOutcome.Changed } => new ReplyResult(ReplyOutcome.Done),
            _ => new ReplyResult(ReplyOutcome.AlreadyDone, result.Message?.AcknowledgedBy),
        };
    }
}
