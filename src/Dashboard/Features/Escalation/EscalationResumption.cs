using Dashboard.Data;
using Dashboard.Features.Messages;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// The one hook for continuing a message's escalation after it was acknowledged: a callback deadline that passed with
/// nobody reaching the caller (Features/Callbacks/Deadlines) resumes the policy at the step it had not run yet. A
/// resumed escalation goes on until a callback reaches the caller, the message is resolved, or the policy is exhausted.
/// </summary>
public static class EscalationResumption
{
    /// <summary>Whether contacting people about the message is still wanted: unacknowledged, or resumed and nobody has called back.</summary>
    public static bool StillWanted(MessageStatus status, DateTimeOffset? calledBackAt, DateTimeOffset? resumedAt) =>
        status == MessageStatus.New
        || (resumedAt is not null && status == MessageStatus.Acknowledged && calledBackAt is null);

    /// <summary>
    /// Inside the caller's transaction (the message row locked): makes the escalation active again with its next step due
    /// now. Returns the row to schedule after commit (<see cref="Schedule"/>), or null when there is nothing to continue
    /// (no policy covered the message, or every step already ran).
    /// </summary>
    public static async Task<MessageEscalation?> ResumeAsync(AppDbContext db, Guid messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var escalation = await db.MessageEscalations.FirstOrDefaultAsync(e => e.MessageId == messageId, cancellationToken);
        if (escalation is null || escalation.State == EscalationState.Exhausted || escalation.ResumedAt is not null)
        {
            return null;
        }
        escalation.State = EscalationState.Active;
        escalation.ResumedAt = now;
        escalation.EndedAt = null;
        escalation.NextDueAt = now;
        escalation.Sequence++;
        return escalation;
    }

    /// <summary>Stops a resumed escalation at once (a callback reached the caller, the message was resolved): no countdown lingers.</summary>
    public static async Task EndAsync(AppDbContext db, Guid messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var escalation = await db.MessageEscalations.FirstOrDefaultAsync(
            e => e.MessageId == messageId && e.ResumedAt != null && e.State == EscalationState.Active, cancellationToken);
        if (escalation is not null)
        {
            escalation.State = EscalationState.Stopped;
            escalation.EndedAt = now;
            escalation.Sequence++;
        }
    }

    public static void Schedule(IBackgroundJobClient jobs, MessageEscalation escalation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        EscalationJobs.Schedule(jobs, escalation.TenantId, escalation.MessageId, escalation.Sequence, escalation.NextDueAt, now);
    }
}
