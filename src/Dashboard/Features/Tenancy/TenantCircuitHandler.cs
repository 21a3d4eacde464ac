using System.Security.Claims;
using Dashboard.Features.Accounts;
using Dashboard.Features.Localization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Features.Tenancy;

/// <summary>
/// Carries the circuit's signed-in user into the scoped <see cref="TenantContext"/> (IHttpContextAccessor is
/// not valid inside a circuit), captures the user's language for renders that do not come from the browser,
/// registers the circuit so a revocation reaches it at once, and tells the feed when a dropped connection comes back.
/// </summary>
public sealed partial class TenantCircuitHandler(
    AuthenticationStateProvider authentication, TenantContext tenant, TenantScope scope, CircuitConnection connection,
    CircuitCulture culture, OpenCircuits openCircuits, ILogger<TenantCircuitHandler> logger)
    : CircuitHandler, IDisposable
{
    private IDisposable? registration;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The circuit starts inside the request that carried the culture cookie: this is the user's language.
        culture.Capture();
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        await scope.ApplyAsync(tenant, user, cancellationToken);
        if (user.Identity?.IsAuthenticated == true)
        {
            registration = openCircuits.Add(user, RecheckAsync);
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        registration?.Dispose();
        registration = null;
        return Task.CompletedTask;
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        culture.Apply();
        await scope.ApplyAsync(tenant, (await authentication.GetAuthenticationStateAsync()).User, cancellationToken);
        await connection.MarkUpAsync();
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connection.MarkDown();
        return Task.CompletedTask;
    }

    /// <summary>A revocation was heard for this user or their tenant: re-read them now, not at the next safety re-check.</summary>
    private Task RecheckAsync()
    {
        culture.Apply();
        return authentication is IRecheckUser recheck ? recheck.RecheckNowAsync(CancellationToken.None) : Task.CompletedTask;
    }

    // The event is a plain Action: hand the work to a Task that catches everything, never an async void.
    private void OnAuthenticationChanged(Task<AuthenticationState> state) => _ = ApplyUserAsync(state);

    private async Task ApplyUserAsync(Task<AuthenticationState> state)
    {
        try
        {
            await scope.ApplyAsync(tenant, (await state).User, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Fail closed: a circuit whose user could not be applied sees no tenant's data.
            LogApplyFailed(logger, ex);
            tenant.SetFromUser(new ClaimsPrincipal());
        }
    }

    public void Dispose()
    {
        authentication.AuthenticationStateChanged -= OnAuthenticationChanged;
        registration?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not apply the circuit's changed user; it sees nothing until it reloads")]
    private static partial void LogApplyFailed(ILogger logger, Exception ex);
}
