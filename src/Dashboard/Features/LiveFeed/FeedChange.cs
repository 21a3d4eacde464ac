using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// A change as this node's watchers receive it: the kind, the message as it now stands, and, while it is
/// open and escalating, where its escalation stands (loaded once per node, not once per watcher).
/// </summary>
public sealed record FeedChange(FeedChangeKind Kind, MessageDto Message, EscalationOutlook? Escalation = null);
