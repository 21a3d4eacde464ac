using System.Threading.Channels;
using Dashboard.Features.Localization;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// One subscriber's delivery: a bounded queue and its own pump, which hands changes over one at a time, in order.
/// When the queue is full the waiting changes are dropped and the subscriber reloads from the database instead
/// (pushes are hints; the database is the truth), so a stuck subscriber costs a fixed amount of memory.
/// </summary>
public sealed partial class FeedSubscription : IDisposable
{
    private readonly IFeedSubscriber subscriber;
    private readonly CircuitCulture? culture;
    private readonly Channel<FeedChange?> queue;
    private readonly SemaphoreSlim reloads;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Action remove;
    private readonly CancellationTokenSource stopping = new();
    // Ticks of the delay before the pending reload (-1: none pending). A full queue or a lost listener sets it.
    private long pendingResyncTicks = -1;

    internal FeedSubscription(
        IFeedSubscriber subscriber, CircuitCulture? culture, int capacity, SemaphoreSlim reloads, TimeProvider time, ILogger logger, Action remove)
    {
        this.subscriber = subscriber;
        this.culture = culture;
        this.reloads = reloads;
        this.time = time;
        this.logger = logger;
        this.remove = remove;
        // A null item only wakes the pump for a reload. Wait mode, so TryWrite says "full" instead of dropping silently.
        queue = Channel.CreateBounded<FeedChange?>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    internal void Start() =>
        // Task.Run: the pump must not inherit the caller's synchronization context (a circuit's dispatcher).
        _ = Task.Run(PumpAsync);

    internal void Offer(FeedChange change)
    {
        if (!queue.Writer.TryWrite(change))
        {
            RequestResync(TimeSpan.Zero);
        }
    }

    internal void RequestResync(TimeSpan delay)
    {
        var ticks = Math.Max(0, delay.Ticks);
        // Keep the earliest requested reload if one is already pending.
        long seen;
        do
        {
            seen = Interlocked.Read(ref pendingResyncTicks);
            if (seen >= 0 && seen <= ticks)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref pendingResyncTicks, ticks, seen) != seen);
        // Wakes the pump; when the queue is full the pump is awake anyway and sees the flag at its next item.
        queue.Writer.TryWrite(null);
    }

    private async Task PumpAsync()
    {
        culture?.Apply();
        var token = stopping.Token;
        try
        {
            while (await queue.Reader.WaitToReadAsync(token))
            {
                if (Interlocked.Exchange(ref pendingResyncTicks, -1) is var delay and >= 0)
                {
                    // Whatever is still queued is older than the reload about to happen.
                    while (queue.Reader.TryRead(out _))
                    {
                    }
                    await ResyncAsync(TimeSpan.FromTicks(delay), token);
                    continue;
                }
                if (queue.Reader.TryRead(out var change) && change is not null)
                {
                    await DeliverAsync(change);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(FeedChange change)
    {
        try
        {
            await subscriber.OnChangeAsync(change);
        }
        catch (Exception ex)
        {
            // A broken circuit only loses its own push; the pump carries on with the next.
            LogDeliveryFailed(logger, ex, change.Message.Id);
        }
    }

    private async Task ResyncAsync(TimeSpan delay, CancellationToken token)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, token);
        }
        await reloads.WaitAsync(token);
        try
        {
            await subscriber.OnResyncAsync();
        }
        catch (Exception ex)
        {
            LogResyncFailed(logger, ex);
        }
        finally
        {
            reloads.Release();
        }
    }

    public void Dispose()
    {
        remove();
        queue.Writer.TryComplete();
        stopping.Cancel();
        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A feed subscriber failed to take the change to message {MessageId}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception ex, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A feed subscriber failed to reload")]
    private static partial void LogResyncFailed(ILogger logger, Exception ex);
}
