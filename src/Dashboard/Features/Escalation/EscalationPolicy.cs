using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.Escalation;

/// <summary>Which hours a policy covers.</summary>
public enum HoursCoverage
{
    Always = 0,
    InsideBusinessHours = 1,
    OutsideBusinessHours = 2,
}

public enum TargetKind
{
    Contact = 0,
    /// <summary>Every active staff member of the tenant, by e-mail.</summary>
    AllStaff = 1,
}

/// <summary>
/// A tenant's escalation policy. Its rules live in immutable <see cref="EscalationPolicyVersion"/> rows:
/// saving makes a new version, and a message keeps following the version it started under.
/// </summary>
[Audit.Audited]
public sealed class EscalationPolicy : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
    public int CurrentVersion { get; set; }
    public List<EscalationPolicyVersion> Versions { get; set; } = [];
}

[Audit.Audited]
public sealed class EscalationPolicyVersion : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid PolicyId { get; set; }
    public int Version { get; set; }
    public List<Urgency> Urgencies { get; set; } = [Urgency.Urgent, Urgency.Emergency];
    public HoursCoverage Hours { get; set; }
    /// <summary>How many times the whole list of steps runs (1 = once, no repeat).</summary>
    public int Repeats { get; set; } = 1;
    public List<EscalationStep> Steps { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    public bool AppliesTo(Urgency urgency, bool insideBusinessHours) =>
        Urgencies.Contains(urgency) && Hours switch
        {
            HoursCoverage.InsideBusinessHours => insideBusinessHours,
            HoursCoverage.OutsideBusinessHours => !insideBusinessHours,
            _ => true,
        };
}

/// <summary>One step: wait this many minutes after the previous step (the first may be 0), then reach every target.</summary>
public sealed class EscalationStep
{
    public int DelayMinutes { get; set; }
    public List<EscalationTarget> Targets { get; set; } = [];
}

public sealed class EscalationTarget
{
    /// <summary>
    /// An all-staff target reaches every staff member of the tenant by e-mail: a user's one address is their sign-in
    /// e-mail. The one place a policy names a channel itself.
    /// </summary>
    public const NotificationChannel AllStaffChannel = NotificationChannel.Email;

    public TargetKind Kind { get; set; }
    public Guid? ContactId { get; set; }
    public NotificationChannel Channel { get; set; }
}
