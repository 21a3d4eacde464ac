using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.SelfService;

/// <summary>One step of the policy that would run for an urgent message now: after how long, whom, on which channel.</summary>
public sealed record OnCallStep(int DelayMinutes, IReadOnlyList<(string Name, NotificationChannel Channel)> Targets);

/// <summary>Who would be called for an urgent message received right now, by the same choice the engine makes.</summary>
public sealed record OnCallNow(OpenDecision Hours, string? PolicyName, int Repeats, IReadOnlyList<OnCallStep> Steps)
{
    public static async Task<OnCallNow?> LoadAsync(AppDbContext db, Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overview = await EscalationOverview.LoadAsync(db, tenantId, cancellationToken);
        if (overview is null)
        {
            return null;
        }
        var hours = BusinessCalendar.Explain(overview.Hours, overview.ClosedDates, overview.Tenant.TimeZone, now);
        if (EscalationPlan.Choose(overview.Policies, Urgency.Urgent, hours.IsOpen) is not var (policy, version))
        {
            return new OnCallNow(hours, null, 0, []);
        }
        var steps = version.Steps.Select(s => new OnCallStep(s.DelayMinutes,
            [.. s.Targets.Select(t => (t.Kind == TargetKind.AllStaff ? "" : overview.ContactName(t.ContactId), t.Channel))])).ToList();
        return new OnCallNow(hours, policy.Name, version.Repeats, steps);
    }
}
