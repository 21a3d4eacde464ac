using Dashboard.Data;

namespace Dashboard.Features.Retention;

/// <summary>
/// How long a tenant's data is kept: messages (default 3 years), and the detailed timeline events and notification
/// attempts (default 1 year). An account manager's setting, audited. No row means the defaults.
/// </summary>
[Dashboard.Features.Audit.Audited]
public sealed class RetentionSettings : ITenantOwned
{
    public const int DefaultMessageMonths = 36;
    public const int DefaultDetailMonths = 12;
    public const int MinMonths = 1;
    /// <summary>Ten years: the longest any Japanese business record must be kept.</summary>
    public const int MaxMonths = 120;

    public Guid TenantId { get; set; }
    public int MessageMonths { get; set; } = DefaultMessageMonths;
    public int DetailMonths { get; set; } = DefaultDetailMonths;

    public static RetentionSettings DefaultsFor(Guid tenantId) => new() { TenantId = tenantId };
}
