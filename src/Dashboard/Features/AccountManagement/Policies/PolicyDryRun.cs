using System.Globalization;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.AccountManagement.Policies;

/// <summary>Who one step of the dry run contacts. <see cref="Reachable"/> is false when the real run would fail to reach them.</summary>
public sealed record DryRunTarget(string Name, NotificationChannel Channel, bool AllStaff, bool Reachable);

public sealed record DryRunStep(int Round, int StepIndex, DateTimeOffset DueAt, TimeSpan AfterStart, IReadOnlyList<DryRunTarget> Targets);

/// <summary>The timeline a message would get: the business-hours decision, the policy it chose (or none), every step until exhausted.</summary>
public sealed record DryRunResult(
    DateTimeOffset Start, OpenDecision Decision, EscalationPolicy? Policy, EscalationPolicyVersion? Version, IReadOnlyList<DryRunStep> Steps);

/// <summary>
/// What the escalation engine would do for a message of this urgency received at this instant, decided by the same
/// rules the engine uses (<see cref="BusinessCalendar"/>, <see cref="EscalationPlan"/>), without contacting anybody.
/// </summary>
public static class PolicyDryRun
{
    public static DryRunResult Run(EscalationOverview tenant, Urgency urgency, DateTimeOffset at, NotificationChannelCatalog channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(tenant);
        var decision = BusinessCalendar.Explain(tenant.Hours, tenant.ClosedDates, tenant.Tenant.TimeZone, at);
        var chosen = EscalationPlan.Choose(tenant.Policies, urgency, decision.IsOpen);
        if (chosen is not { } found)
        {
            return new DryRunResult(at, decision, null, null, []);
        }
        var contacts = tenant.Contacts.ToDictionary(c => c.Id);
        var steps = EscalationPlan.For(found.Version, at)
            .Select(p => new DryRunStep(p.Round, p.StepIndex, p.DueAt, p.DueAt - at, [.. p.Targets.Select(t => Target(t, contacts, channels))]))
            .ToList();
        return new DryRunResult(at, decision, found.Policy, found.Version, steps);
    }

    /// <summary>
    /// The HTML local date-time value ("2026-05-04T09:30") read as a time in the tenant's zone. Browsers send seconds
    /// ("2026-05-04T09:30:00") once a person has typed into the field, so both forms are read.
    /// </summary>
    public static bool TryParseLocal(string? text, TimeZoneInfo zone, out DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(zone);
        at = default;
        if (!DateTime.TryParseExact(text, AcceptedFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }
        // A local time skipped by a daylight-saving change has no instant; Japan has none, other zones might.
        if (zone.IsInvalidTime(local))
        {
            return false;
        }
        at = new DateTimeOffset(local, zone.GetUtcOffset(local));
        return true;
    }

    public static string FormatLocal(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(LocalFormat, CultureInfo.InvariantCulture);

    private const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    private static readonly string[] AcceptedFormats = [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];

    private static DryRunTarget Target(EscalationTarget target, Dictionary<Guid, Contact> contacts, NotificationChannelCatalog channels)
    {
        if (target.Kind == TargetKind.AllStaff)
        {
            return new DryRunTarget("", EscalationTarget.AllStaffChannel, AllStaff: true, Reachable: true);
        }
        if (target.ContactId is not { } id || !contacts.TryGetValue(id, out var contact))
        {
            return new DryRunTarget("?", target.Channel, AllStaff: false, Reachable: false);
        }
        // The engine skips inactive contacts and records a failed attempt for a missing address.
        var address = channels.Find(target.Channel)?.AddressOf(contact.ToPoints());
        return new DryRunTarget(contact.Name, target.Channel, AllStaff: false, Reachable: contact.IsActive && !string.IsNullOrEmpty(address));
    }
}
