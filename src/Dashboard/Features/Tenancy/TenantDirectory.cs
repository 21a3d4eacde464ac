using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Tenancy;

/// <summary>The tenant lists pages offer (pickers, filters, tables): read here so pages need no database context.</summary>
public sealed class TenantDirectory(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>Every tenant, by name: tenants are global records, so this is the whole registry (admin pages).</summary>
    public async Task<List<Tenant>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.AsNoTracking().OrderBy(t => t.DisplayName).ToListAsync(cancellationToken);
    }

    /// <summary>The active tenants, by name: those a message can be taken for.</summary>
    public async Task<List<Tenant>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenants.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.DisplayName).ToListAsync(cancellationToken);
    }

    /// <summary>The tenants the reader may see (<see cref="TenantContext.Visible"/>), by name.</summary>
    public async Task<List<Tenant>> VisibleAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenant.Visible(db.Tenants.AsNoTracking()).OrderBy(t => t.DisplayName).ToListAsync(cancellationToken);
    }

    /// <summary>The tenant with this slug if the reader may see it (<see cref="TenantContext.Visible"/>); null otherwise, and a page answers 404.</summary>
    public async Task<Tenant?> VisibleAsync(string? slug, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindVisibleAsync(db, slug, cancellationToken);
    }

    /// <summary>
    /// The same, in a context the caller already holds (an API request's): the one visible-tenant-by-slug query, so that a
    /// tenant the reader may not see and an unknown slug answer alike.
    /// </summary>
    public static async Task<Tenant?> FindVisibleAsync(AppDbContext db, string? slug, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(slug))
        {
            return null;
        }
        var trimmed = slug.Trim();
        return await db.Tenant.Visible(db.Tenants.AsNoTracking()).FirstOrDefaultAsync(t => t.Slug == trimmed, cancellationToken);
    }
}
