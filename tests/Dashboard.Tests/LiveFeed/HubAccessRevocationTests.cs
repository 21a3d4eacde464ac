using Dashboard.Features.Administration;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// Revoking a key or deactivating a tenant on one node closes the open hub connections it covers on every node:
/// requests are refused from the next one anyway, and a connection that stays open must not keep listening.
/// </summary>
public sealed class HubAccessRevocationTests(TwoNodeFixture fixture) : IClassFixture<TwoNodeFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task RevokedKey_ItsOpenConnectionOnAnotherNode_IsClosed_OthersStay()
    {
        await using var revokedOnB = await FeedHubClient.ConnectAsync(fixture.SecondNode.BaseAddress, apiKey: TestWorld.TenantAKey);
        await using var otherOnB = await FeedHubClient.ConnectAsync(fixture.SecondNode.BaseAddress, apiKey: TestWorld.TenantBKey);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            await keys.RevokeAsync(await KeyIdAsync("Tenant A system"), Token);
        }

        await revokedOnB.WaitUntilAsync(() => revokedOnB.Connection.State == HubConnectionState.Disconnected, "the revoked key's connection to close");
        // Control: the other tenant's connection is open and still hears its tenant.
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var forB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B への伝言");
        await otherOnB.WaitForAsync(MessagesHub.CreatedEvent, forB.Id);
        Assert.Equal(HubConnectionState.Connected, otherOnB.Connection.State);
    }

    [Fact]
    public async Task DeactivatedTenant_ItsKeysOpenConnection_IsClosed()
    {
        await using var tenantBOnB = await FeedHubClient.ConnectAsync(fixture.SecondNode.BaseAddress, apiKey: TestWorld.TenantBKey);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await scope.ServiceProvider.GetRequiredService<TenantAdministration>().SetActiveAsync(fixture.World.TenantB.Id, false, Token);
        }

        await tenantBOnB.WaitUntilAsync(() => tenantBOnB.Connection.State == HubConnectionState.Disconnected, "the deactivated tenant's connection to close");
    }

    private async Task<Guid> KeyIdAsync(string name)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.ApiKeys.Where(k => k.Name == name).Select(k => k.Id).SingleAsync(Token);
    }
}
