using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Escalation's side of the channels' reply contract, for the sends of an escalation (the path's subject is the
/// attempt, its scope the message): "I take it" through a channel (press 1, the /ack link's button) acknowledges the
/// attempt's message, and the provider's reports move the attempt forward. It acts within the caller's tenant scope
/// (a webhook sets the tenant from its signed URL or token) and never changes that scope.
/// </summary>
public sealed class AcknowledgeReplies(IDbContextFactory<AppDbContext> dbFactory, MessageService messages, AttemptOutcomes outcomes,
    NotificationChannelCatalog channels) : INotificationReplyHandler
{
    /// <summary>
    /// Attempt states an acknowledgement through any channel moves on from: each a send can be in before the person
    /// replies. Failed is included: an "outcome unknown" send (a mail, a call whose placing timed out) may well have arrived.
    /// </summary>
    private static readonly AttemptStatus[] Acknowledgeable = [AttemptStatus.Sent, AttemptStatus.Delivered, AttemptStatus.Answered, AttemptStatus.Failed];

    public ReplyMeaning Meaning => ReplyMeaning.Acknowledge;

    /// <summary>The attempt's person, channel and language, its message as an alert, and whether the message is still waiting for somebody.</summary>
    public async Task<ReplyContext?> DescribeAsync(ReplyPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attempt = await AttemptAsync(db, path, cancellationToken);
        var message = attempt is null ? null : await db.FindDtoAsync(attempt.MessageId, cancellationToken);
        var tenant = attempt is null ? null : await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == attempt.TenantId, cancellationToken);
        if (attempt is null || message is null || tenant is null)
        {
            return null;
        }
        // A re-escalation after a missed callback deadline still reads the message although it was acknowledged.
        var resumedAt = message.Status == MessageStatus.New ? null
            : await db.MessageEscalations.Where(e => e.MessageId == attempt.MessageId).Select(e => e.ResumedAt).FirstOrDefaultAsync(cancellationToken);
        return new ReplyContext(attempt.RecipientName, attempt.Language, AlertContent.For(message, tenant),
            EscalationResumption.StillWanted(message.Status, message.CalledBackAt, resumedAt),
            message.AcknowledgedBy ?? message.ResolvedBy, attempt.Channel, new NotificationRecipient(attempt.Address, attempt.RecipientName, attempt.ContactId),
            DoneHere: attempt.Status == AttemptStatus.Acknowledged);
    }

    /// <summary>Forward only: a late or repeated report finds the attempt past it and changes nothing. The provider's reference is kept if it was missing.</summary>
    public async Task<bool> ReportAsync(ReplyPath path, DeliveryReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(report);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var attempts = db.NotificationAttempts.Where(a => a.Id == path.SubjectId && a.Channel == report.Via);
            if (!await attempts.AnyAsync(cancellationToken))
            {
                return false;
            }
            if (report.ProviderReference is { } reference)
            {
                await attempts.Where(a => a.ProviderReference == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ProviderReference, reference[..Math.Min(reference.Length, 200)]), cancellationToken);
            }
        }
        if (DeliveryOutcome.For(report.Event) is { } outcome)
        {
            await outcomes.MoveAsync(path.SubjectId, outcome.From, outcome.To, report.Error, cancellationToken);
        }
        return true;
    }

    /// <summary>Acknowledges the message as the person the attempt reached, through the channel it reached them on.</summary>
    public async Task<ReplyResult> ReplyAsync(ReplyPath path, NotificationChannel via, string? reachedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        NotificationAttempt? attempt;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            attempt = await AttemptAsync(db, path, cancellationToken);
        }
        // The channel says how its reply shows on the timeline (a keypress, a link).
        if (attempt is null || attempt.Channel != via || channels.Find(via) is not { } channel)
        {
            return new ReplyResult(ReplyOutcome.NotFound);
        }
        var result = await messages.AcknowledgeAsync(attempt.MessageId, new Actor(null, attempt.RecipientName, channel.RepliesAs), cancellationToken);
        if (result.Outcome != TransitionOutcome.Changed)
        {
            return new ReplyResult(ReplyOutcome.AlreadyDone, result.Message?.AcknowledgedBy ?? result.Message?.ResolvedBy);
        }
        // The attempt reaching Acknowledged is what uses an e-mail's link up.
        await outcomes.MoveAsync(attempt.Id, Acknowledgeable, AttemptStatus.Acknowledged, null, cancellationToken);
        return new ReplyResult(ReplyOutcome.Done, attempt.RecipientName);
    }

    /// <summary>The path's attempt within the tenant scope; when the path names a message, it must be the attempt's.</summary>
    private static async Task<NotificationAttempt?> AttemptAsync(AppDbContext db, ReplyPath path, CancellationToken cancellationToken)
    {
        var attempt = await db.NotificationAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == path.SubjectId, cancellationToken);
        return attempt is null || attempt.TenantId != path.TenantId || path.ScopeId is { } messageId && attempt.MessageId != messageId ? null : attempt;
    }
}
