using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.AccountManagement.Policies;

/// <summary>A <c>{slug}</c> route of the console: the tenant if this user may manage it, otherwise null (the page answers 404).</summary>
public static class ManagedTenants
{
    public static Task<Tenant?> FindAsync(AppDbContext db, string slug, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Tenant.Visible(db.Tenants.AsNoTracking()).FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
    }
}
