using System.Collections.Concurrent;
using Dashboard.Features.Localization;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// In-process fan-out to this node's Blazor circuits (eShop's OrderStatusNotificationService pattern), one
/// <see cref="FeedSubscription"/> per circuit: publishing only queues, each subscriber is pumped on its own, so a
/// circuit that is slow, frozen or gone never delays another, nor the listener that publishes.
/// </summary>
public sealed class FeedNotifier(TimeProvider time, ILogger<FeedNotifier> logger)
{
    /// <summary>Changes a subscriber may have waiting; past that it is told to reload instead (its queue never grows).</summary>
    public const int QueueCapacity = 256;

    /// <summary>How far a reconnect's reloads are spread, so the circuits do not all hit the database at the same instant.</summary>
    public static readonly TimeSpan ResyncSpread = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<FeedSubscription, byte> subscriptions = new();

    // At most this many circuits reload at once; the rest wait their turn (a reload is a few queries each).
    private readonly SemaphoreSlim reloads = new(Math.Max(2, Environment.ProcessorCount));

    public int SubscriberCount => subscriptions.Count;

    /// <summary>Starts delivering to <paramref name="subscriber"/>; its handlers run in <paramref name="culture"/> when given.</summary>
    public IDisposable Subscribe(IFeedSubscriber subscriber, CircuitCulture? culture = null)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        FeedSubscription? subscription = null;
        subscription = new FeedSubscription(subscriber, culture, QueueCapacity, reloads, time, logger, () => subscriptions.TryRemove(subscription!, out _));
        subscriptions[subscription] = 0;
        subscription.Start();
        return subscription;
    }

    /// <summary>Queues the change for every subscriber and returns at once: nobody is waited on.</summary>
    public void Publish(FeedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        foreach (var subscription in subscriptions.Keys)
        {
            subscription.Offer(change);
        }
    }

    /// <summary>Pushes may have been missed (the listener lost its connection): every watcher reloads, spread over <see cref="ResyncSpread"/>.</summary>
    public void ResyncAll()
    {
        foreach (var subscription in subscriptions.Keys)
        {
            subscription.RequestResync(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ResyncSpread.TotalMilliseconds));
        }
    }
}

public interface IFeedSubscriber
{
    Task OnChangeAsync(FeedChange change);

    Task OnResyncAsync();
}
