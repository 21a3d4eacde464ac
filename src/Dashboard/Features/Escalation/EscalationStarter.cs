using Dashboard.Data;
using Dashboard.Features.Messages;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Decides, inside the transaction that records a message, whether and how it escalates (the policy that
/// covers its urgency at this hour), and after commit schedules the first wake-up.
/// </summary>
public sealed class EscalationStarter(TimeProvider time, IBackgroundJobClient jobs)
{
    public async Task<MessageEscalation?> PlanAsync(AppDbContext db, Message message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var tenantId = message.TenantId;
        var policies = await db.EscalationPolicies.AsNoTracking().Include(p => p.Versions)
            .Where(p => p.TenantId == tenantId && p.IsActive).ToListAsync(cancellationToken);
        if (policies.Count == 0)
        {
            return null;
        }
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId, cancellationToken);
        var hours = await db.BusinessHours.AsNoTracking().FirstOrDefaultAsync(h => h.TenantId == tenantId, cancellationToken);
        var closed = await db.ClosedDates.AsNoTracking().Where(c => c.TenantId == tenantId).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var chosen = EscalationPlan.Choose(policies, message.Urgency, BusinessCalendar.IsOpen(hours, closed, tenant.TimeZone, now));
        if (chosen is not { Version.Steps.Count: > 0 } found)
        {
            return null;
        }
        var escalation = new MessageEscalation
        {
            MessageId = message.Id,
            TenantId = tenantId,
            PolicyVersionId = found.Version.Id,
            NextDueAt = now.AddMinutes(found.Version.Steps[0].DelayMinutes),
            State = EscalationState.Active,
            Sequence = 1,
            StartedAt = now,
        };
        db.MessageEscalations.Add(escalation);
        return escalation;
    }

    /// <summary>After commit. If this never runs (the process died), the sweep finds the overdue row.</summary>
    public void Schedule(MessageEscalation escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        EscalationJobs.Schedule(jobs, escalation.TenantId, escalation.MessageId, escalation.Sequence, escalation.NextDueAt, time.GetUtcNow());
    }
}
