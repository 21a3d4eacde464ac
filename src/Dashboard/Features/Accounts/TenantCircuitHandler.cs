using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Features.Accounts;

/// <summary>
/// Carries the circuit's signed-in user into the scoped <see cref="TenantContext"/> (IHttpContextAccessor is
/// not valid inside a circuit), and tells the feed when a dropped connection comes back so it can reload.
/// </summary>
public sealed class TenantCircuitHandler(AuthenticationStateProvider authentication, TenantContext tenant, TenantScope scope, CircuitConnection connection)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        await scope.ApplyAsync(tenant, (await authentication.GetAuthenticationStateAsync()).User, cancellationToken);
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        await scope.ApplyAsync(tenant, (await authentication.GetAuthenticationStateAsync()).User, cancellationToken);
        await connection.MarkUpAsync();
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connection.MarkDown();
        return Task.CompletedTask;
    }

    private async void OnAuthenticationChanged(Task<AuthenticationState> state)
    {
        try
        {
            await scope.ApplyAsync(tenant, (await state).User, CancellationToken.None);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
        {
            tenant.SetFromUser(new System.Security.Claims.ClaimsPrincipal());
        }
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationChanged;
}

/// <summary>Per circuit: raised when the browser's connection comes back after a drop.</summary>
public sealed class CircuitConnection
{
    private bool wasDown;

    public event Func<Task>? Restored;

    public void MarkDown() => wasDown = true;

    public async Task MarkUpAsync()
    {
        if (!wasDown)
        {
            return;
        }
        wasDown = false;
        if (Restored is { } restored)
        {
            await restored();
        }
    }
}
