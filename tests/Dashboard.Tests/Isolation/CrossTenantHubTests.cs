using System.Net;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.LiveFeed;
using Dashboard.Tests.Messages;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Isolation;

/// <summary>
/// The public hub joins each connection to its own tenant's feed only. "Never receives" is proven by order:
/// pushes reach one connection in the order the node sends them, so once a later message of the connection's
/// own tenant has arrived, anything of the other tenant sent before it would have arrived too.
/// </summary>
public sealed class CrossTenantHubTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task TenantBKeyConnection_NeverReceivesTenantAsMessages_WhileTenantAKeyConnectionDoes()
    {
        await using var hubA = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.TenantAKey);
        await using var hubB = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.TenantBKey);
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);

        var a1 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A1 緊急");
        await hubA.WaitForAsync(MessagesHub.CreatedEvent, a1.Id);
        using (var ack = await tenantAKey.PostAsync(new Uri($"/api/v1/messages/{a1.Id}/acknowledge", UriKind.Relative), null, Cancellation))
        {
            ack.EnsureSuccessStatusCode();
        }
        await hubA.WaitForAsync(MessagesHub.UpdatedEvent, a1.Id, m => m.Status == MessageStatus.Acknowledged);
        var b1 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B1 control");
        var a2 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A2 緊急");
        var b2 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B2 control");

        // Positive controls: each connection hears its own tenant's last message, so it heard everything sent before.
        await hubA.WaitForAsync(MessagesHub.CreatedEvent, a2.Id);
        await hubB.WaitForAsync(MessagesHub.CreatedEvent, b2.Id);

        Assert.Equal([b1.Id, b2.Id], hubB.Pushes.Select(p => p.Message.Id));
        Assert.All(hubB.Pushes, p => Assert.Equal(TestMessages.TenantB, p.Message.Tenant));
        Assert.Equal([a1.Id, a1.Id, a2.Id], hubA.Pushes.Select(p => p.Message.Id));
        Assert.All(hubA.Pushes, p => Assert.Equal(TestMessages.TenantA, p.Message.Tenant));
    }

    [Fact]
    public async Task CookieConnectionOfStaffA1_ReceivesOwnTenantsMessages_AndNeverTenantBs()
    {
        using var staffA1 = await fixture.SignInAsync(TestWorld.StaffA1);
        await using var hubA1 = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, cookieHeader: staffA1.CookieHeader(fixture.App.BaseAddress));
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);

        var b1 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B1 secret");
        var a1 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A1 for staff");

        var received = await hubA1.WaitForAsync(MessagesHub.CreatedEvent, a1.Id);

        Assert.Equal(a1.Subject, received.Subject);
        Assert.DoesNotContain(b1.Id, hubA1.Pushes.Select(p => p.Message.Id));
        Assert.Equal([a1.Id], hubA1.Pushes.Select(p => p.Message.Id));
    }

    [Fact]
    public async Task OperatorCentreConnection_ReceivesEveryTenant()
    {
        // The control for the filters above: a connection that may see all tenants hears both.
        await using var hubAll = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.OperatorKey);
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);

        var a1 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A1");
        var b1 = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B1");

        await hubAll.WaitForAsync(MessagesHub.CreatedEvent, b1.Id);
        Assert.Equal([a1.Id, b1.Id], hubAll.IdsOf(MessagesHub.CreatedEvent));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dsk_not_a_key")]
    public async Task ConnectionWithoutValidCredentials_IsRefused(string? apiKey)
    {
        await using var anonymous = FeedHubClient.Create(fixture.App.BaseAddress, apiKey);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(anonymous.StartAsync);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HubConnectionState.Disconnected, anonymous.Connection.State);
    }

    [Fact]
    public async Task Hub_OffersNoMethodToJoinAnotherTenant()
    {
        await using var hubA = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.TenantAKey);

        foreach (var method in new[] { "JoinTenant", "AddToGroup", "Subscribe" })
        {
            await Assert.ThrowsAsync<HubException>(() => hubA.Connection.InvokeAsync(method, fixture.World.TenantB.Id, Cancellation));
        }
        Assert.Equal(HubConnectionState.Connected, hubA.Connection.State);
    }
}
