using Dashboard.Data;
using Dashboard.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>Everything the read-only escalation view shows for one tenant, loaded in one go.</summary>
public sealed record EscalationOverview(
    Tenancy.Tenant Tenant, BusinessHours? Hours, IReadOnlyList<ClosedDate> ClosedDates,
    IReadOnlyList<Contact> Contacts, IReadOnlyList<EscalationPolicy> Policies)
{
    public static async Task<EscalationOverview?> LoadAsync(AppDbContext db, Guid tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (tenant is null)
        {
            return null;
        }
        // The query filters decide visibility: a user of another tenant gets empty lists, and the page shows nothing.
        var hours = await db.BusinessHours.AsNoTracking().FirstOrDefaultAsync(h => h.TenantId == tenantId, cancellationToken);
        var closed = await db.ClosedDates.AsNoTracking().Where(c => c.TenantId == tenantId).OrderBy(c => c.Date).ToListAsync(cancellationToken);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.TenantId == tenantId).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var policies = await db.EscalationPolicies.AsNoTracking().Include(p => p.Versions)
            .Where(p => p.TenantId == tenantId).OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return new EscalationOverview(tenant, hours, closed, contacts, policies);
    }

    public string ContactName(Guid? id) => Contacts.FirstOrDefault(c => c.Id == id)?.Name ?? "?";
}
