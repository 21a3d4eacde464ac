using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.AccountManagement.Tenants;

/// <summary>A tenant the reader manages, with how it is doing.</summary>
public sealed record ManagedTenant(Tenant Tenant, TenantHealth Health);

/// <summary>The account-manager console's reads (<see cref="ManagedTenants"/> decides which tenants), so its pages need no database context.</summary>
public sealed class ManagedTenantQueries(IDbContextFactory<AppDbContext> dbFactory, TenantHealthQuery health)
{
    public async Task<List<ManagedTenant>> ListWithHealthAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await ManagedTenants.ListAsync(db, cancellationToken);
        var figures = await health.ForAsync(db, [.. tenants.Select(t => t.Id)], cancellationToken);
        return [.. tenants.Select(t => new ManagedTenant(t, figures.GetValueOrDefault(t.Id, TenantHealth.Quiet)))];
    }

    /// <inheritdoc cref="ManagedTenants.FindAsync"/>
    public async Task<Tenant?> FindAsync(string? slug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ManagedTenants.FindAsync(db, slug, cancellationToken);
    }

    /// <summary>The tenant of a /manage/{slug} route with its health, or null (404).</summary>
    public async Task<ManagedTenant?> FindWithHealthAsync(string? slug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await ManagedTenants.FindAsync(db, slug, cancellationToken);
        return tenant is null ? null : new ManagedTenant(tenant, (await health.ForAsync(db, [tenant.Id], cancellationToken))[tenant.Id]);
    }

    /// <summary>The escalation set-up (hours, contacts, policies) of the tenant of a /manage/{slug} route, or null (404).</summary>
    public async Task<EscalationOverview?> EscalationOverviewAsync(string? slug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await ManagedTenants.FindAsync(db, slug, cancellationToken);
        return tenant is null ? null : await EscalationOverview.LoadAsync(db, tenant.Id, cancellationToken);
    }
}
