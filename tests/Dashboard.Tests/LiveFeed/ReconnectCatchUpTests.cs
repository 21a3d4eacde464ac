using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// Pushes are hints: a client that was away reloads "everything changed since the newest change it held,
/// minus an overlap" and merges it with the pushes it hears after reconnecting. Nothing may be missing,
/// nothing doubled, and every message must show its latest status.
/// </summary>
public sealed class ReconnectCatchUpTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const int CreatedWhileAway = 5;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A client's feed: the FeedList the app uses, fed by pushes and reloads from several threads.</summary>
    private sealed class ClientFeed
    {
        private readonly Lock gate = new();
        private readonly FeedList list = new();

        public void Merge(IEnumerable<MessageDto> messages)
        {
            lock (gate)
            {
                list.UpsertAll(messages);
            }
        }

        public DateTimeOffset? NewestChange
        {
            get
            {
                lock (gate)
                {
                    return list.NewestChange;
                }
            }
        }

        public IReadOnlyList<MessageDto> Items
        {
            get
            {
                lock (gate)
                {
                    return [.. list.Items];
                }
            }
        }
    }

    [Fact]
    public async Task Reconnect_CatchUpMergedWithPushes_HasEveryMessageOnce_WithItsLatestStatus()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);
        var before = new List<MessageDto>();
        for (var i = 0; i < 3; i++)
        {
            before.Add(await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, $"接続前 {i}"));
        }

        // Connect first, then load: whatever happens in between arrives as a push and merges.
        var feed = new ClientFeed();
        await using var hub = FeedHubClient.Create(fixture.App.BaseAddress, apiKey: TestWorld.TenantAKey);
        hub.OnPush = push => feed.Merge([push.Message]);
        await hub.StartAsync();
        feed.Merge(await TestMessages.ListAsync(tenantAKey));
        var whileConnected = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "接続中");
        await hub.WaitForAsync(MessagesHub.CreatedEvent, whileConnected.Id);
        Assert.Equal(4, feed.Items.Count);

        // Away: messages come in, an old one is taken and another resolved, and tenant B gets one too.
        await hub.StopAsync();
        var newestHeld = feed.NewestChange!.Value;
        var heardBeforeStop = hub.Pushes.Count;
        var whileAway = new List<MessageDto>();
        for (var i = 0; i < CreatedWhileAway; i++)
        {
            whileAway.Add(await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, $"切断中 {i}"));
        }
        await PostActionAsync(tenantAKey, before[0].Id, "acknowledge");
        await PostActionAsync(tenantAKey, before[1].Id, "resolve");
        var ofB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B の用件");
        // The gap is real: nothing was pushed to a stopped client.
        Assert.Equal(heardBeforeStop, hub.Pushes.Count);

        // Back: reconnect, then catch up from the newest change held, less the overlap.
        await hub.StartAsync();
        var catchUp = await TestMessages.ListAsync(tenantAKey, TestMessages.Since(newestHeld - LiveFeedState.CatchUpOverlap));
        feed.Merge(catchUp);
        // And life goes on: a new message and an acknowledgement arrive as pushes.
        var afterReconnect = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "再接続後");
        await PostActionAsync(tenantAKey, whileAway[0].Id, "acknowledge");
        await hub.WaitForAsync(MessagesHub.UpdatedEvent, whileAway[0].Id, m => m.Status == MessageStatus.Acknowledged);

        await hub.WaitForAsync(MessagesHub.CreatedEvent, afterReconnect.Id);
        // The catch-up overlapped what was already held (so the merge, not luck, kept it single).
        Assert.Contains(catchUp, m => m.Id == whileConnected.Id);
        Assert.DoesNotContain(catchUp, m => m.Id == ofB.Id);

        var truth = await TestMessages.ListAsync(tenantAKey, "?limit=1000");
        Assert.Equal(1 + 3 + CreatedWhileAway + 1, truth.Count);
        var held = feed.Items;
        Assert.Equal(truth.Count, held.Select(m => m.Id).Distinct().Count());
        Assert.Equal(truth.Select(m => m.Id), held.Select(m => m.Id));
        Assert.All(truth.Zip(held), pair =>
        {
            Assert.Equal(pair.First.Status, pair.Second.Status);
            Assert.Equal(pair.First.UpdatedAt, pair.Second.UpdatedAt);
            Assert.Equal(pair.First.AcknowledgedBy, pair.Second.AcknowledgedBy);
        });
        Assert.Equal(MessageStatus.Acknowledged, held.Single(m => m.Id == before[0].Id).Status);
        Assert.Equal(MessageStatus.Resolved, held.Single(m => m.Id == before[1].Id).Status);
        Assert.Equal(MessageStatus.Acknowledged, held.Single(m => m.Id == whileAway[0].Id).Status);
        Assert.Equal(MessageStatus.New, held.Single(m => m.Id == before[2].Id).Status);
    }

    [Fact]
    public async Task CatchUp_Since_ReturnsEveryMessageChangedAtOrAfterTheInstant()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);
        var old = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "古い");
        var boundary = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "境界");

        var sinceBoundary = await TestMessages.ListAsync(tenantAKey, TestMessages.Since(boundary.UpdatedAt));
        Assert.Equal([boundary.Id], sinceBoundary.Select(m => m.Id));

        // A change to an old message brings it back into the window.
        await PostActionAsync(tenantAKey, old.Id, "acknowledge");
        var afterChange = await TestMessages.ListAsync(tenantAKey, TestMessages.Since(boundary.UpdatedAt));
        Assert.Equal([boundary.Id, old.Id], afterChange.Select(m => m.Id));
        Assert.Equal(MessageStatus.Acknowledged, afterChange.Single(m => m.Id == old.Id).Status);
    }

    private static async Task PostActionAsync(HttpClient client, Guid id, string action)
    {
        using var response = await client.PostAsync(new Uri($"/api/v1/messages/{id}/{action}", UriKind.Relative), null, Cancellation);
        response.EnsureSuccessStatusCode();
    }
}
