using Dashboard.Features.Messages;

namespace Dashboard.Features.LiveFeed;

/// <summary>A change as this node's watchers receive it: the kind and the message as it now stands.</summary>
public sealed record FeedChange(FeedChangeKind Kind, MessageDto Message);
