using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Administration;

public sealed record AuditFilter(Guid? TenantId = null, string? Entity = null, string? Actor = null);

/// <summary>
/// The audit entries a reader may see, newest first: an Admin every entry; an account manager only the entries of
/// their assigned tenants, never those of global records (staff accounts, operator keys), which carry no tenant.
/// </summary>
public static class AuditLog
{
    public const int PageSize = 200;

    public static IQueryable<AuditEntry> Visible(AppDbContext db, TenantContext reader)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.AllTenants)
        {
            return db.AuditEntries.AsNoTracking();
        }
        Guid[] tenants = reader.TenantId is { } one ? [one, .. reader.TenantIds] : reader.TenantIds;
        return db.AuditEntries.AsNoTracking().Where(a => a.TenantId != null && tenants.Contains(a.TenantId.Value));
    }

    public static Task<List<AuditEntry>> ReadAsync(AppDbContext db, TenantContext reader, AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = Visible(db, reader);
        if (filter.TenantId is { } tenantId)
        {
            query = query.Where(a => a.TenantId == tenantId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Entity))
        {
            query = query.Where(a => a.Entity == filter.Entity);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(a => a.ActorName == filter.Actor);
        }
        return query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(PageSize).ToListAsync(cancellationToken);
    }
}
