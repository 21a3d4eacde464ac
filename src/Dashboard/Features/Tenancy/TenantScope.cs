using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Tenancy;

/// <summary>
/// Sets a scope's <see cref="TenantContext"/> from its user. Claims say most of it; an account manager's
/// tenants come from their assignments, read fresh each request and circuit, so a change applies at once.
/// </summary>
public sealed class TenantScope(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task ApplyAsync(TenantContext tenant, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        tenant.SetFromUser(user);
        if (tenant.AllTenants || tenant.TenantId is not null || !user.IsInRole(Roles.AccountManager)
            || DashboardClaims.UserIdOf(user) is not { } userId)
        {
            return;
        }
        tenant.SetTenants(await AssignedTenantsAsync(userId, cancellationToken));
    }

    public async Task<Guid[]> AssignedTenantsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AccountManagerAssignments.AsNoTracking().Where(a => a.UserId == userId)
            .Select(a => a.TenantId).ToArrayAsync(cancellationToken);
    }
}
