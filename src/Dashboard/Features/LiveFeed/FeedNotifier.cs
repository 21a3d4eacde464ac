using System.Collections.Concurrent;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// In-process fan-out to this node's Blazor circuits (eShop's OrderStatusNotificationService pattern).
/// Each circuit subscribes with its own handler and filters by its tenant; handlers re-render through InvokeAsync.
/// </summary>
public sealed class FeedNotifier(ILogger<FeedNotifier> logger)
{
    private readonly ConcurrentDictionary<Guid, IFeedSubscriber> subscribers = new();

    public IDisposable Subscribe(IFeedSubscriber subscriber)
    {
        var id = Guid.NewGuid();
        subscribers[id] = subscriber;
        return new Subscription(() => subscribers.TryRemove(id, out _));
    }

    public Task PublishAsync(FeedChange change) =>
        Task.WhenAll(subscribers.Values.Select(s => SafelyAsync(() => s.OnChangeAsync(change))));

    /// <summary>Pushes may have been missed (the listener lost its connection): every watcher reloads from the database.</summary>
    public Task ResyncAllAsync() =>
        Task.WhenAll(subscribers.Values.Select(s => SafelyAsync(s.OnResyncAsync)));

    private async Task SafelyAsync(Func<Task> push)
    {
        try
        {
            await push();
        }
        catch (Exception ex)
        {
            // One broken circuit must not stop the others from hearing about the change.
            logger.LogWarning(ex, "A feed subscriber failed to take a change");
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

public interface IFeedSubscriber
{
    Task OnChangeAsync(FeedChange change);

    Task OnResyncAsync();
}
