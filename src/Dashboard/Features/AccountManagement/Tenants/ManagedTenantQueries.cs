using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.AccountManagement.Tenants;

/// <summary>A tenant the reader manages, with how it is doing.</summary>
public sealed record ManagedTenant(Tenant Tenant, TenantHealth Health);

/// <summary>
/// The account-manager console's reads, so its pages need no database context. Which tenants a reader manages is
/// <see cref="TenantDirectory"/>'s visible tenants: an account manager's assigned ones, all for an admin (the tenant context decides).
/// </summary>
public sealed class ManagedTenantQueries(IDbContextFactory<AppDbContext> dbFactory, TenantDirectory directory, TenantHealthQuery health)
{
    public async Task<List<ManagedTenant>> ListWithHealthAsync(CancellationToken cancellationToken)
    {
        var tenants = await directory.VisibleAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var figures = await health.ForAsync(db, [.. tenants.Select(t => t.Id)], cancellationToken);
        return [.. tenants.Select(t => new ManagedTenant(t, figures.GetValueOrDefault(t.Id, TenantHealth.Quiet)))];
    }

    /// <summary>The tenant of a /manage/{slug} route with its health, or null (404).</summary>
    public async Task<ManagedTenant?> FindWithHealthAsync(string? slug, CancellationToken cancellationToken)
    {
        if (await directory.VisibleAsync(slug, cancellationToken) is not { } tenant)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new ManagedTenant(tenant, (await health.ForAsync(db, [tenant.Id], cancellationToken))[tenant.Id]);
    }

    /// <summary>The escalation set-up (hours, contacts, policies) of the tenant of a /manage/{slug} route, or null (404).</summary>
    public async Task<EscalationOverview?> EscalationOverviewAsync(string? slug, CancellationToken cancellationToken)
    {
        if (await directory.VisibleAsync(slug, cancellationToken) is not { } tenant)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await EscalationOverview.LoadAsync(db, tenant.Id, cancellationToken);
    }
}
