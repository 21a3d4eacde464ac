using Dashboard.Features.LiveFeed;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// The listener's buffer: the NOTIFY reader never waits, a node too far behind reloads every watcher instead of
/// pushing stale changes, and normal traffic leaves in batches, oldest first.
/// </summary>
public sealed class FeedSignalBufferTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static FeedSignal Signal(int n) => new(FeedChangeKind.Updated, Guid.Empty, new Guid(n, 0, 0, new byte[8]));

    [Fact]
    public async Task AFullQueue_RefusesWithoutWaiting_ThenTheNextReadIsOneReloadForAll_AndNothingStaleIsPushed()
    {
        var buffer = new FeedSignalBuffer(capacity: 3);
        Assert.All(Enumerable.Range(1, 3), n => Assert.True(buffer.Offer(Signal(n))));

        Assert.False(buffer.Offer(Signal(4)));
        var batch = new List<FeedSignal>();
        Assert.Equal(FeedSignalRead.Overflowed, await buffer.ReadAsync(batch, max: 100, Token));
        Assert.Empty(batch);

        // What waited was dropped with the overflow: the next read brings only what came after the reload.
        Assert.True(buffer.Offer(Signal(5)));
        Assert.Equal(FeedSignalRead.Batch, await buffer.ReadAsync(batch, max: 100, Token));
        Assert.Equal([Signal(5)], batch);
    }

    [Fact]
    public async Task SignalsLeaveInBatchesOfAtMostTheLimit_OldestFirst()
    {
        var buffer = new FeedSignalBuffer(capacity: 300);
        foreach (var n in Enumerable.Range(1, 250))
        {
            Assert.True(buffer.Offer(Signal(n)));
        }
        var sizes = new List<int>();
        var order = new List<FeedSignal>();
        var batch = new List<FeedSignal>();
        while (sizes.Sum() < 250)
        {
            Assert.Equal(FeedSignalRead.Batch, await buffer.ReadAsync(batch, max: 100, Token));
            sizes.Add(batch.Count);
            order.AddRange(batch);
        }
        Assert.Equal([100, 100, 50], sizes);
        Assert.Equal(Enumerable.Range(1, 250).Select(Signal), order);
    }

    [Fact]
    public async Task ACompletedQueue_EndsTheDispatcher()
    {
        var buffer = new FeedSignalBuffer(capacity: 3);
        buffer.Complete();
        Assert.Equal(FeedSignalRead.Completed, await buffer.ReadAsync([], max: 100, Token));
    }
}
