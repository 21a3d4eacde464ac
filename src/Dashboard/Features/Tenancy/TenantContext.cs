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

    /// <summary>Who is acting, for the audit log: the signed-in user, or null for system work and API keys.</summary>
    public Guid? UserId { get; private set; }

    public string ActorName { get; private set; } = "system";

    /// <summary>An account manager's assigned tenants (empty for everyone else).</summary>
    public Guid[] TenantIds { get; private set; } = [];

    public bool CanSee(Guid tenantId) => AllTenants || TenantId == tenantId || TenantIds.Contains(tenantId);

    /// <summary>The tenants this context may see, as a query (tenants themselves are global, so this is explicit).</summary>
    public IQueryable<Tenant> Visible(IQueryable<Tenant> tenants)
    {
        var all = AllTenants;
        var one = TenantId;
        var many = TenantIds;
        return tenants.Where(t => all || t.Id == one || many.Contains(t.Id));
    }

    public void SetFromUser(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        TenantId = null;
        AllTenants = false;
        TenantIds = [];
        UserId = null;
        ActorName = "system";
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }
        UserId = DashboardClaims.UserIdOf(user);
        ActorName = DashboardClaims.DisplayNameOf(user);
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
        TenantIds = [];
    }

    /// <summary>Who acts when nobody is signed in but a signed link or call says who it is (a contact confirming their address).</summary>
    public void SetActor(string actorName)
    {
        UserId = null;
        ActorName = actorName;
    }

    /// <summary>An account manager's scope: exactly the tenants assigned to them.</summary>
    public void SetTenants(IEnumerable<Guid> tenantIds)
    {
        TenantId = null;
        AllTenants = false;
        TenantIds = [.. tenantIds.Distinct()];
    }

    /// <summary>For system work (the event listener, seeding) that is not acting for any one user.</summary>
    public void SetSystem()
    {
        TenantId = null;
        AllTenants = true;
        TenantIds = [];
    }
}
