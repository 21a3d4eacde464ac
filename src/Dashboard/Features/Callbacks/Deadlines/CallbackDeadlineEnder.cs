using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Ends a running deadline, at any stage, when a callback reaches the caller or the message is resolved (and stops an
/// escalation the deadline resumed); any other recorded attempt snoozes a sent reminder once. Runs inside the writer's
/// transaction, which already holds the message row (its UPDATE), so it never races the deadline's own wake-up.
/// </summary>
public sealed class CallbackDeadlineEnder(TimeProvider time, IBackgroundJobClient jobs)
    : IMessageEventSubscriber<CallbackRecorded>, IMessageEventSubscriber<MessageResolved>
{
    public Task HandleAsync(CallbackRecorded change, MessageWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(write);
        return change.Callback.Outcome == CallbackOutcome.Reached
            ? EndAsync(write.Db, change.MessageId, cancellationToken)
            : SnoozeAsync(write, change.MessageId, cancellationToken);
    }

    public Task HandleAsync(MessageResolved change, MessageWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(write);
        return EndAsync(write.Db, change.MessageId, cancellationToken);
    }

    private async Task EndAsync(AppDbContext db, Guid messageId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var deadline = await db.CallbackDeadlines.FirstOrDefaultAsync(d => d.MessageId == messageId, cancellationToken);
        if (deadline is not null && deadline.Stage != DeadlineStage.Ended)
        {
            deadline.Stage = DeadlineStage.Ended;
            deadline.EndedAt = now;
            deadline.Sequence++;
        }
        await EscalationResumption.EndAsync(db, messageId, now, cancellationToken);
    }

    private async Task SnoozeAsync(MessageWrite write, Guid messageId, CancellationToken cancellationToken)
    {
        var deadline = await write.Db.CallbackDeadlines.FirstOrDefaultAsync(d => d.MessageId == messageId, cancellationToken);
        if (deadline is not null && CallbackDeadlineSnooze.TrySnooze(deadline, time.GetUtcNow()))
        {
            write.AfterCommit(() => CallbackDeadlineJobs.Schedule(jobs, deadline.TenantId, deadline.MessageId, deadline.Sequence, deadline.NextAt, time.GetUtcNow()));
        }
    }
}

/// <summary>The one rule for snoozing: only a sent reminder, only once; the board alert moves to <see cref="DeadlineTimings.Snooze"/> from now.</summary>
public static class CallbackDeadlineSnooze
{
    public static bool TrySnooze(CallbackDeadline deadline, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        if (deadline.Stage != DeadlineStage.Reminded || deadline.SnoozedAt is not null)
        {
            return false;
        }
        deadline.SnoozedAt = now;
        deadline.NextAt = now + DeadlineTimings.Snooze;
        deadline.Sequence++;
        return true;
    }
}
