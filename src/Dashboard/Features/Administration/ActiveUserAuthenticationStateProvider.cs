using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Administration;

/// <summary>
/// An open dashboard (a Blazor circuit) re-checks its user every few seconds; once the user is deactivated or their
/// role or tenant changed, the circuit's user becomes anonymous, its pages stop showing data and send it to sign-in.
/// An account manager's circuit also re-reads their assigned tenants at each check.
/// </summary>
public sealed class ActiveUserAuthenticationStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, ActiveUsers activeUsers, TenantContext circuitTenant, TenantScope tenantScope)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        RevalidateAsync(authenticationState, cancellationToken);

    internal async Task<bool> RevalidateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        // The circuit's own scope is long-lived; each check gets a fresh one so it reads the database, not a cache.
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var valid = await activeUsers.StillValidAsync(db, authenticationState.User, cancellationToken);
        var user = authenticationState.User;
        if (valid && !circuitTenant.AllTenants && circuitTenant.TenantId is null && user.IsInRole(Roles.AccountManager)
            && DashboardClaims.UserIdOf(user) is { } userId)
        {
            // An assignment added or removed reaches an open dashboard within the same few seconds (one reference swap).
            circuitTenant.SetTenants(await tenantScope.AssignedTenantsAsync(userId, cancellationToken));
        }
        return valid;
    }
}
