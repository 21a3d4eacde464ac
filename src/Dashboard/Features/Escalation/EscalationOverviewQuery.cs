using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>The reads of the escalation pages (/escalation, the account manager's policy pages), so they need no database context.</summary>
public sealed class EscalationOverviewQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>
    /// The tenants whose escalation this reader may look at: client staff only their own tenant, account managers their
    /// assigned ones (the tenant context decides); inactive tenants only when they are the reader's own.
    /// </summary>
    public async Task<List<Tenancy.Tenant>> ChoosableTenantsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Tenant.Visible(db.Tenants.AsNoTracking()).Where(t => t.IsActive || t.Id == db.Tenant.TenantId)
            .OrderBy(t => t.DisplayName).ToListAsync(cancellationToken);
    }

    /// <inheritdoc cref="EscalationOverview.LoadAsync"/>
    public async Task<EscalationOverview?> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await EscalationOverview.LoadAsync(db, tenantId, cancellationToken);
    }
}
