using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// The usual app (node A) and a second node (B) on the same database, as two web nodes of one deployment.
/// Node B starts before any reset: both nodes then hold the data-protection key that node A wrote at start-up
/// (a reset empties that table too, and a node started afterwards would make a key of its own).
/// </summary>
public sealed class TwoNodeFixture : AppFixture
{
    public DashboardApp SecondNode { get; private set; } = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SecondNode = new DashboardApp(ConnectionString);
        await SecondNode.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await SecondNode.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Two nodes of one deployment share only the database. A message recorded on one node reaches watchers
/// connected to the other through PostgreSQL LISTEN/NOTIFY.
/// </summary>
public sealed class CrossNodeFanOutTests(TwoNodeFixture fixture) : IClassFixture<TwoNodeFixture>, IAsyncLifetime
{
    private DashboardApp SecondNode => fixture.SecondNode;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task MessagePostedToNodeA_ReachesHubClientOnNodeB()
    {
        await using var onB = await FeedHubClient.ConnectAsync(SecondNode.BaseAddress, apiKey: TestWorld.TenantAKey);
        await using var onA = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.TenantAKey);
        using var operatorCentreOnA = fixture.KeyClient(TestWorld.OperatorKey);

        var posted = await TestMessages.PostAsync(operatorCentreOnA, TestMessages.TenantA, "水道管破裂", "Emergency");

        var heardOnB = await onB.WaitForAsync(MessagesHub.CreatedEvent, posted.Id);
        await onA.WaitForAsync(MessagesHub.CreatedEvent, posted.Id);
        Assert.Equal(posted.Subject, heardOnB.Subject);
        Assert.Equal(Urgency.Emergency, heardOnB.Urgency);
        Assert.Equal(TestMessages.TenantA, heardOnB.Tenant);
    }

    [Fact]
    public async Task AcknowledgementOnNodeB_ReachesHubClientOnNodeA()
    {
        await using var onA = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.TenantAKey);
        using var operatorCentreOnA = fixture.KeyClient(TestWorld.OperatorKey);
        var posted = await TestMessages.PostAsync(operatorCentreOnA, TestMessages.TenantA, "至急折り返し");
        using var tenantKeyOnB = new HttpClient { BaseAddress = SecondNode.BaseAddress };
        tenantKeyOnB.DefaultRequestHeaders.Authorization = new("Bearer", TestWorld.TenantAKey);

        using (var ack = await tenantKeyOnB.PostAsync(new Uri($"/api/v1/messages/{posted.Id}/acknowledge", UriKind.Relative), null, Cancellation))
        {
            ack.EnsureSuccessStatusCode();
        }

        var heard = await onA.WaitForAsync(MessagesHub.UpdatedEvent, posted.Id, m => m.Status == MessageStatus.Acknowledged);
        Assert.Equal("Tenant A system", heard.AcknowledgedBy);
        Assert.Equal(ChangeChannel.Api, heard.AcknowledgedVia);
    }

    [Fact]
    public async Task SignInOnNodeA_AuthenticatesHubConnectionOnNodeB_AndItStaysInItsTenant()
    {
        // Cookie keys live in the shared database, so a sign-in on one node holds on every node.
        using var staffA1 = await fixture.SignInAsync(TestWorld.StaffA1);
        await using var onB = await FeedHubClient.ConnectAsync(SecondNode.BaseAddress, cookieHeader: staffA1.CookieHeader(fixture.App.BaseAddress));
        using var operatorCentreOnA = fixture.KeyClient(TestWorld.OperatorKey);

        var ofB = await TestMessages.PostAsync(operatorCentreOnA, TestMessages.TenantB, "B の用件");
        var ofA = await TestMessages.PostAsync(operatorCentreOnA, TestMessages.TenantA, "A の用件");

        await onB.WaitForAsync(MessagesHub.CreatedEvent, ofA.Id);
        Assert.Equal([ofA.Id], onB.Pushes.Select(p => p.Message.Id));
        Assert.DoesNotContain(ofB.Id, onB.Pushes.Select(p => p.Message.Id));
    }
}
