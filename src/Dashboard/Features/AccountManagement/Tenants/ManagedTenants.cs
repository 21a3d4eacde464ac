using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.AccountManagement.Tenants;

/// <summary>The tenants a reader may manage: an account manager's assigned ones, all for an admin (the tenant context decides).</summary>
public static class ManagedTenants
{
    public static Task<List<Tenant>> ListAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Tenant.Visible(db.Tenants.AsNoTracking()).OrderBy(t => t.DisplayName).ToListAsync(cancellationToken);
    }

    /// <summary>The tenant of a /manage/{slug} route, or null (the page answers 404) when it does not exist or is not visible.</summary>
    public static Task<Tenant?> FindAsync(AppDbContext db, string? slug, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Tenant.Visible(db.Tenants.AsNoTracking()).FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
    }
}
