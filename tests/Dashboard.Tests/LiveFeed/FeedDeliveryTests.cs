using System.Collections.Concurrent;
using Dashboard.Features.LiveFeed;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// Delivery to one watcher never waits on another: a circuit that never finishes handling a push (a browser call that
/// hangs, a frozen tab) must not hold up the node's listener or anybody else's feed.
/// </summary>
public sealed class FeedDeliveryTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    /// <summary>Far below the 60 s a hung browser call waits; generous for two busy CI cores.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private FeedNotifier Notifier => fixture.App.Services.GetRequiredService<FeedNotifier>();

    [Fact]
    public async Task SubscriberWhoseHandlerNeverReturns_DoesNotDelayTheOthers()
    {
        var stuck = new StuckSubscriber();
        var watcher = new RecordingSubscriber();
        using var stuckSubscription = Notifier.Subscribe(stuck);
        using var watcherSubscription = Notifier.Subscribe(watcher);
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);

        var urgent = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "至急: 止まる購読者", "Urgent");
        await stuck.Entered.Task.WaitAsync(Bound, Token);
        var normal = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "通常: その後の伝言", "Normal");

        // Both reach the other watcher while the stuck one is still inside its first handler.
        await Eventually.ReadAsync(() => Task.FromResult(watcher.Ids.ToArray()), ids => ids.Contains(urgent.Id) && ids.Contains(normal.Id),
            "the second message to reach the other subscriber", Token, Bound);
        Assert.Equal(1, stuck.Calls);
    }

    [Fact]
    public async Task SubscriberThatFallsTooFarBehind_IsToldToReload_InsteadOfQueueingWithoutEnd()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var message = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "溢れる購読者");
        var slow = new StuckSubscriber();
        using var subscription = Notifier.Subscribe(slow);

        var change = new FeedChange(FeedChangeKind.Updated, message);
        Notifier.Publish(change);
        await slow.Entered.Task.WaitAsync(Bound, Token);
        // Stuck in its first change: twice its queue's worth arrives meanwhile.
        for (var i = 0; i < FeedNotifier.QueueCapacity * 2; i++)
        {
            Notifier.Publish(change);
        }
        Assert.Equal(0, slow.Resyncs);
        slow.Release();

        await Eventually.ReadAsync(() => Task.FromResult(slow.Resyncs), n => n >= 1, "the overflowing subscriber to reload", Token, Bound);
        // What was still queued when it overflowed was dropped (the reload covers it), so it never took them all.
        Assert.True(slow.Calls <= FeedNotifier.QueueCapacity + 1, $"took {slow.Calls} changes");
        Assert.Equal(1, slow.Resyncs);
    }

    /// <summary>Its first change handler waits until released (never, unless a test releases it).</summary>
    private sealed class StuckSubscriber : IFeedSubscriber
    {
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int calls;
        private int resyncs;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref calls);

        public int Resyncs => Volatile.Read(ref resyncs);

        public void Release() => release.TrySetResult();

        public async Task OnChangeAsync(FeedChange change)
        {
            Interlocked.Increment(ref calls);
            Entered.TrySetResult();
            await release.Task;
        }

        public Task OnResyncAsync()
        {
            Interlocked.Increment(ref resyncs);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingSubscriber : IFeedSubscriber
    {
        public ConcurrentQueue<Guid> Ids { get; } = new();

        public Task OnChangeAsync(FeedChange change)
        {
            Ids.Enqueue(change.Message.Id);
            return Task.CompletedTask;
        }

        public Task OnResyncAsync() => Task.CompletedTask;
    }
}
