using Dashboard.Data;
using Dashboard.Features.Messages;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// How long after acknowledgement a tenant's caller must have been called back, per urgency (null: no deadline).
/// Defaults: Emergency 15 minutes, Urgent 60; Normal messages never get one. An account manager's setting, audited.
/// No row means the defaults.
/// </summary>
[Audit.Audited]
public sealed class CallbackDeadlineSettings : ITenantOwned
{
    public const int DefaultEmergencyMinutes = 15;
    public const int DefaultUrgentMinutes = 60;
    public const int MinMinutes = 1;
    /// <summary>A day: a deadline further out is no deadline a caller would recognise.</summary>
    public const int MaxMinutes = 1440;

    public Guid TenantId { get; set; }
    public int? EmergencyMinutes { get; set; } = DefaultEmergencyMinutes;
    public int? UrgentMinutes { get; set; } = DefaultUrgentMinutes;

    public static CallbackDeadlineSettings DefaultsFor(Guid tenantId) => new() { TenantId = tenantId };

    /// <summary>The deadline for a message of <paramref name="urgency"/> acknowledged now, or null when it has none.</summary>
    public TimeSpan? For(Urgency urgency) => urgency switch
    {
        Urgency.Emergency when EmergencyMinutes is { } minutes => TimeSpan.FromMinutes(minutes),
        Urgency.Urgent when UrgentMinutes is { } minutes => TimeSpan.FromMinutes(minutes),
        _ => null,
    };
}
