using System.Security.Claims;
using Dashboard.Features.Accounts;

namespace Dashboard.Features.Tenancy;

/// <summary>
/// Who is asking, as far as tenant isolation cares: one tenant, every tenant (answering-service staff),
/// or nobody. Scoped: set from the HTTP user by middleware, from the circuit's user by a circuit handler,
/// and explicitly by background work. It fails closed: until set, no tenant-owned row is visible.
/// </summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }
    public bool AllTenants { get; private set; }

    public void SetFromUser(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        TenantId = null;
        AllTenants = false;
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }
        if (DashboardClaims.SeesAllTenants(user))
        {
            AllTenants = true;
            return;
        }
        TenantId = DashboardClaims.TenantIdOf(user);
    }

    public void SetTenant(Guid tenantId)
    {
        TenantId = tenantId;
        AllTenants = false;
    }

    /// <summary>For system work (the event listener, seeding) that is not acting for any one user.</summary>
    public void SetSystem()
    {
        TenantId = null;
        AllTenants = true;
    }
}
