using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>Escalation's side of the channels' reply contract: "I take it" through a channel acknowledges the attempt's message.</summary>
public sealed class AcknowledgeReplies(IDbContextFactory<AppDbContext> dbFactory, PhoneAcknowledgement phone) : INotificationReplyHandler
{
    public ReplyMeaning Meaning => ReplyMeaning.Acknowledge;

    /// <summary>The attempt's person and language, its message as an alert, and whether the message is still waiting for somebody.</summary>
    public async Task<ReplyContext?> DescribeAsync(ReplyPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attempt = await db.NotificationAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == path.SubjectId, cancellationToken);
        var message = attempt is null ? null : await db.FindDtoAsync(attempt.MessageId, cancellationToken);
        var tenant = attempt is null ? null : await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == attempt.TenantId, cancellationToken);
        if (attempt is null || message is null || tenant is null)
        {
            return null;
        }
        return new ReplyContext(attempt.RecipientName, attempt.Language, AlertContent.For(message, tenant), message.Status == MessageStatus.New, message.AcknowledgedBy);
    }

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
            { Outcome: TransitionOutcome.Changed } => new ReplyResult(ReplyOutcome.Done),
            _ => new ReplyResult(ReplyOutcome.AlreadyDone, result.Message?.AcknowledgedBy),
        };
    }
}
