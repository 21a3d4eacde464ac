using Dashboard.Data;
using Dashboard.Features.Administration;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Administration;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Isolation;

/// <summary>An account manager's open dashboard follows assignment changes at its next re-check, not at the next sign-in.</summary>
public sealed class AccountManagerCircuitScopeTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task OpenDashboard_LosesAnUnassignedTenant_AndGainsANewOne_AtTheNextRecheck()
    {
        var managerId = await ActingAs.UserIdAsync(fixture, TestWorld.ManagerA);
        // The circuit's scope: its tenant context and its authentication state provider.
        await using var circuit = fixture.App.Services.CreateAsyncScope();
        var tenant = circuit.ServiceProvider.GetRequiredService<TenantContext>();
        var principal = await ActingAs.PrincipalAsync(fixture, TestWorld.ManagerA);
        await circuit.ServiceProvider.GetRequiredService<TenantScope>().ApplyAsync(tenant, principal, Token);
        Assert.Equal([fixture.World.TenantA.Id], tenant.TenantIds);

        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.AccountManagerAssignments.Remove(await db.AccountManagerAssignments.SingleAsync(a => a.UserId == managerId, Token));
            db.AccountManagerAssignments.Add(new AccountManagerAssignment { UserId = managerId, TenantId = fixture.World.TenantB.Id, AssignedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Token);
        }
        var provider = (ActiveUserAuthenticationStateProvider)circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        Assert.True(await provider.RevalidateAsync(new AuthenticationState(principal), Token));

        Assert.Equal([fixture.World.TenantB.Id], tenant.TenantIds);
        await using var scoped = await circuit.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Token);
        Assert.Equal([fixture.World.TenantB.Id], await tenant.Visible(scoped.Tenants).Select(t => t.Id).ToListAsync(Token));
    }
}
