using Dashboard.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Administration;

/// <summary>
/// An open dashboard (a Blazor circuit) re-checks its user every few seconds; once the user is deactivated or their
/// role or tenant changed, the circuit's user becomes anonymous, its pages stop showing data and send it to sign-in.
/// </summary>
public sealed class ActiveUserAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, ActiveUsers activeUsers)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        // The circuit's own scope is long-lived; each check gets a fresh one so it reads the database, not a cache.
        await using var scope = scopes.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        return await activeUsers.StillValidAsync(db, authenticationState.User, cancellationToken);
    }
}
