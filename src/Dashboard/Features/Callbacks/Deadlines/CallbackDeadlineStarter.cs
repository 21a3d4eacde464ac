using Dashboard.Data;
using Dashboard.Features.Messages;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Hears every acknowledgement and, inside its transaction, starts the callback deadline of an urgent or emergency
/// message (the tenant's setting; Normal never): <c>Message.CallbackDueAt</c> and the <see cref="CallbackDeadline"/> row.
/// The wake-up at the deadline is scheduled after commit.
/// </summary>
public sealed class CallbackDeadlineStarter(TimeProvider time, IBackgroundJobClient jobs) : IMessageEventSubscriber<MessageAcknowledged>
{
    public async Task HandleAsync(MessageAcknowledged change, MessageWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(write);
        var db = write.Db;
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == change.MessageId)
            .Select(m => new { m.Urgency, m.CalledBackAt }).FirstAsync(cancellationToken);
        if (message.CalledBackAt is not null)
        {
            return;
        }
        var settings = await db.CallbackDeadlineSettings.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == change.TenantId, cancellationToken)
            ?? CallbackDeadlineSettings.DefaultsFor(change.TenantId);
        if (settings.For(message.Urgency) is not { } allowed)
        {
            return;
        }
        var dueAt = change.At + allowed;
        var deadline = new CallbackDeadline
        {
            MessageId = change.MessageId, TenantId = change.TenantId, DueAt = dueAt, NextAt = dueAt, Stage = DeadlineStage.Waiting,
            Sequence = 1, AcknowledgedBy = change.By.Name, ContactId = await AcknowledgerAsync(db, change, cancellationToken),
            CreatedAt = change.At,
        };
        db.CallbackDeadlines.Add(deadline);
        await db.Messages.Where(m => m.Id == change.MessageId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CallbackDueAt, dueAt), cancellationToken);
        write.AfterCommit(() => CallbackDeadlineJobs.Schedule(jobs, deadline.TenantId, deadline.MessageId, deadline.Sequence, deadline.NextAt, time.GetUtcNow()));
    }

    /// <summary>
    /// The contact to remind: the signed-in user's own contact; for a keypress or an e-mail link (no user), the contact the
    /// escalation reached under that name.
    /// </summary>
    private static async Task<Guid?> AcknowledgerAsync(AppDbContext db, MessageAcknowledged change, CancellationToken cancellationToken)
    {
        if (change.By.UserId is { } userId)
        {
            return await db.Contacts.AsNoTracking().Where(c => c.UserId == userId && c.IsActive)
                .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        }
        return await db.NotificationAttempts.AsNoTracking()
            .Where(a => a.MessageId == change.MessageId && a.RecipientName == change.By.Name && a.ContactId != null)
            .OrderByDescending(a => a.CreatedAt).Select(a => a.ContactId).FirstOrDefaultAsync(cancellationToken);
    }
}
