using Dashboard.Data;

namespace Dashboard.Features.Tenancy;

/// <summary>An account manager looks after this tenant: they see and change only the tenants assigned to them.</summary>
[GlobalEntity("Decides which tenants an account manager may see, so it is read before any tenant scope exists.")]
[Audit.Audited(TenantProperty = nameof(TenantId))]
public sealed class AccountManagerAssignment
{
    public Guid UserId { get; set; }
    public Guid TenantId { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}
