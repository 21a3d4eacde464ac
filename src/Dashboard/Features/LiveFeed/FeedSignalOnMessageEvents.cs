using Dashboard.Features.Messages;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// Hears every message event and queues its <see cref="FeedSignal"/> in the same transaction. NOTIFY is
/// transactional (PostgreSQL delivers it only on commit, and identical payloads of one transaction once), so
/// it runs before commit like every other handler: a rolled-back change is never announced, and a write that
/// raises two events (a step that exhausts the escalation) still signals once.
/// </summary>
public sealed class FeedSignalOnMessageEvents : IMessageEventSubscriber<IMessageEvent>
{
    public Task HandleAsync(IMessageEvent change, MessageWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(write);
        var kind = change is MessageRecorded ? FeedChangeKind.Created : FeedChangeKind.Updated;
        return new FeedSignal(kind, change.TenantId, change.MessageId).SendAsync(write.Db, cancellationToken);
    }
}
