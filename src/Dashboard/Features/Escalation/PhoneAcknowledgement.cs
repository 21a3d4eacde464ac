using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// What a phone keypress means, in one place: the Twilio keypress callback and the development outbox's
/// simulated call both use it. It acts within the caller's tenant scope (the callback sets the tenant from its
/// signed URL; an admin sees every tenant) and never changes that scope.
/// </summary>
public sealed class PhoneAcknowledgement(IDbContextFactory<AppDbContext> dbFactory, MessageService messages, AttemptOutcomes outcomes)
{
    public async Task MarkAnsweredAsync(Guid attemptId, CancellationToken cancellationToken) =>
        await outcomes.MoveAsync(attemptId, AttemptOutcomes.AfterSending, AttemptStatus.Answered, null, cancellationToken);

    /// <summary>"Press 1": acknowledges the message as the person called, through the phone channel.</summary>
    public async Task<TransitionResult?> AcknowledgeAsync(Guid attemptId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var attempt = await db.NotificationAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attemptId, cancellationToken);
        if (attempt is null || attempt.Channel != NotificationChannel.PhoneCall)
        {
            return null;
        }
        var result = await messages.AcknowledgeAsync(attempt.MessageId, new Actor(null, attempt.RecipientName, ChangeChannel.PhoneKeypress), cancellationToken);
        if (result.Outcome == TransitionOutcome.Changed)
        {
            await outcomes.MoveAsync(attemptId, [AttemptStatus.Sent, AttemptStatus.Delivered, AttemptStatus.Answered], AttemptStatus.Acknowledged, null, cancellationToken);
        }
        return result;
    }
}
