using Dashboard.Features.LiveFeed;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// The counts beside the feed are re-counted once per node per scope after a change and shared: many open feeds of one
/// tenant cost one re-count (two queries), not one each, and a feed of another scope still gets its own numbers.
/// </summary>
public sealed class SharedCountsTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const int Watchers = 10;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task TenWatchersOfOneTenant_ShareOneRecount_AndEachSeesTheNewCount()
    {
        var counts = fixture.App.Services.GetRequiredService<FeedCounts>();
        var ofA = new List<AsyncServiceScope>();
        try
        {
            for (var i = 0; i < Watchers; i++)
            {
                ofA.Add(await WatchAsync(t => t.SetTenant(fixture.World.TenantA.Id)));
            }
            var board = await WatchAsync(t => t.SetSystem());
            ofA.Add(board);
            var feeds = ofA.Select(s => s.ServiceProvider.GetRequiredService<LiveFeedState>()).ToList();
            var before = feeds.Select(f => f.UnacknowledgedCount).ToList();
            using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
            var recountsBefore = counts.RecountsRun;

            await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "共有の再集計", "Normal");

            await Eventually.ReadAsync(() => Task.FromResult(feeds.Select(f => f.UnacknowledgedCount).ToList()),
                now => now.Zip(before).All(p => p.First == p.Second + 1), "every feed's count to move by one", Token);
            var recounts = counts.RecountsRun - recountsBefore;
            // One for tenant A's ten feeds, one for the board's every-tenant scope; a late change (an escalation's update)
            // may add one per scope. Per feed, as before, it would be eleven.
            Assert.InRange(recounts, 2, 4);
        }
        finally
        {
            foreach (var scope in ofA)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private async Task<AsyncServiceScope> WatchAsync(Action<TenantContext> scopeTo)
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        scopeTo(scope.ServiceProvider.GetRequiredService<TenantContext>());
        await scope.ServiceProvider.GetRequiredService<LiveFeedState>().StartAsync(Token);
        return scope;
    }
}
