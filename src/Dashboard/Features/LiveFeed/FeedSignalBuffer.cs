using System.Threading.Channels;

namespace Dashboard.Features.LiveFeed;

/// <summary>What the dispatcher got from <see cref="FeedSignalBuffer.ReadAsync"/>.</summary>
public enum FeedSignalRead
{
    /// <summary>Signals, oldest first, in the caller's batch.</summary>
    Batch,
    /// <summary>The queue overflowed: everything that waited was dropped, and every watcher must reload instead.</summary>
    Overflowed,
    /// <summary>The queue is closed: nothing more will come.</summary>
    Completed,
}

/// <summary>
/// The listener's buffer between the NOTIFY reader, which must never wait (notifications are only read while it
/// does not), and the dispatcher. Bounded: past <paramref name="capacity"/> the node is too far behind for pushes
/// to be worth queueing, so the overflow is remembered and the dispatcher turns it into one reload for all.
/// </summary>
public sealed class FeedSignalBuffer(int capacity)
{
    // Wait mode, so TryWrite says "full" instead of dropping silently.
    private readonly Channel<FeedSignal> signals = Channel.CreateBounded<FeedSignal>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private int overflowed;

    /// <summary>Never waits. False when the queue was full: the signal is lost, and the next read says <see cref="FeedSignalRead.Overflowed"/>.</summary>
    public bool Offer(FeedSignal signal)
    {
        if (signals.Writer.TryWrite(signal))
        {
            return true;
        }
        Volatile.Write(ref overflowed, 1);
        return false;
    }

    /// <summary>No more signals (the node stops).</summary>
    public void Complete() => signals.Writer.TryComplete();

    /// <summary>Waits for signals; then either fills <paramref name="batch"/> with up to <paramref name="max"/> of them, or reports an overflow.</summary>
    public async ValueTask<FeedSignalRead> ReadAsync(List<FeedSignal> batch, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Clear();
        if (!await signals.Reader.WaitToReadAsync(cancellationToken))
        {
            return FeedSignalRead.Completed;
        }
        if (Interlocked.Exchange(ref overflowed, 0) == 1)
        {
            // Whatever waits is older than the reloads about to happen.
            while (signals.Reader.TryRead(out _))
            {
            }
            return FeedSignalRead.Overflowed;
        }
        while (batch.Count < max && signals.Reader.TryRead(out var signal))
        {
            batch.Add(signal);
        }
        return FeedSignalRead.Batch;
    }
}
