using Dashboard.Data;
using Dashboard.Features.Messages;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Hears every recorded message and decides, inside the transaction that records it, whether and how it
/// escalates (the policy that covers its urgency at this hour); after commit it schedules the first wake-up.
/// </summary>
public sealed partial class EscalationStarter(TimeProvider time, IBackgroundJobClient jobs, ILogger<EscalationStarter> logger)
    : IMessageEventSubscriber<MessageRecorded>
{
    public async Task HandleAsync(MessageRecorded change, MessageWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(write);
        if (await PlanAsync(write.Db, change.Message, cancellationToken) is { } planned)
        {
            write.AfterCommit(() => Schedule(planned));
        }
    }

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

    /// <summary>
    /// After commit. The message is already stored, so a failure here must not fail the caller (who would
    /// record the call again): the sweep finds the overdue row, as it does when the process dies right here.
    /// </summary>
    public void Schedule(MessageEscalation escalation)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        try
        {
            EscalationJobs.Schedule(jobs, escalation.TenantId, escalation.MessageId, escalation.Sequence, escalation.NextDueAt, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogScheduleFailed(logger, ex, escalation.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not schedule the escalation of message {MessageId}; the sweep will run it")]
    private static partial void LogScheduleFailed(ILogger logger, Exception ex, Guid messageId);
}
