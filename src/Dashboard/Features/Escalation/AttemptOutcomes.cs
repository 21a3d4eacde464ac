using Dashboard.Data;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Records what happened to an attempt after it was sent (delivered, answered, no answer, acknowledged...),
/// forward only, and tells every watcher of the message in the same transaction, so the timeline shows
/// outcomes as they arrive. A late or repeated provider callback finds the status already past and changes nothing.
/// </summary>
public sealed class AttemptOutcomes(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, MessageEvents events)
{
    /// <summary>Moves the attempt to <paramref name="to"/> if it is in one of <paramref name="from"/>; returns whether it moved.</summary>
    public async Task<bool> MoveAsync(Guid attemptId, IReadOnlyCollection<AttemptStatus> from, AttemptStatus to, string? error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var attempt = await db.NotificationAttempts.AsNoTracking().Where(a => a.Id == attemptId)
            .Select(a => new { a.TenantId, a.MessageId }).FirstOrDefaultAsync(cancellationToken);
        if (attempt is null)
        {
            return false;
        }
        var now = time.GetUtcNow();
        var text = error is null ? null : error[..Math.Min(error.Length, 1000)];
        var moved = await db.NotificationAttempts.Where(a => a.Id == attemptId && from.Contains(a.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, to).SetProperty(a => a.UpdatedAt, now)
                .SetProperty(a => a.Error, a => text ?? a.Error), cancellationToken);
        var write = events.For(db);
        if (moved == 1)
        {
            await write.RaiseAsync(new MessageActivityChanged(attempt.TenantId, attempt.MessageId), cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        write.Committed();
        return moved == 1;
    }

    /// <summary>
    /// The states a sent attempt can still move on from: an outcome never overwrites a later one. Sending is
    /// included because a provider can call back before the sender's own "sent" has committed.
    /// </summary>
    public static readonly AttemptStatus[] AfterSending = [AttemptStatus.Sending, AttemptStatus.Sent, AttemptStatus.Delivered];
}
