using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Administration;

/// <summary>
/// An open dashboard (a Blazor circuit) loses its user once they are deactivated or their role or tenant changed: the
/// user becomes anonymous, its pages stop showing data and send it to sign-in. The change reaches it at once through the
/// <c>AccessRevoked</c> NOTIFY (<see cref="RecheckNowAsync"/>, started by <see cref="Accounts.OpenCircuits"/>); a slow,
/// jittered safety re-check catches anything that NOTIFY missed (a listener reconnecting at that moment).
/// An account manager's circuit also re-reads their assigned tenants at each check.
/// </summary>
public sealed class ActiveUserAuthenticationStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, ActiveUsers activeUsers, TenantContext circuitTenant, TenantScope tenantScope)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory), IRecheckUser
{
    /// <summary>The safety re-check's mean interval; each wait is drawn within ±20 % so open circuits do not re-check in step.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override TimeSpan RevalidationInterval => Interval * (0.8 + (0.4 * Random.Shared.NextDouble()));

    /// <summary>Re-reads the circuit's user now; if they no longer stand, the circuit's user becomes anonymous.</summary>
    public async Task RecheckNowAsync(CancellationToken cancellationToken)
    {
        var state = await GetAuthenticationStateAsync();
        if (state.User.Identity?.IsAuthenticated == true && !await RevalidateAsync(state, cancellationToken))
        {
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));
        }
    }

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
