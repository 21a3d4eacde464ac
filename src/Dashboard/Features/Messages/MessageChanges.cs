namespace Dashboard.Features.Messages;

/// <summary>
/// Something happened to a message. Raised through <see cref="MessageWrite.RaiseAsync"/>, inside the
/// transaction that makes the change, which writes the change's timeline row (if it has one) and runs every
/// subscribed <see cref="IMessageEventSubscriber{TEvent}"/>.
/// </summary>
public interface IMessageEvent
{
    Guid TenantId { get; }
    Guid MessageId { get; }

    /// <summary>The timeline row this change adds, or null (the row is already part of the change, or there is none).</summary>
    MessageEvent? TimelineRow();
}

/// <summary>A call was recorded. Its Created row travels with the new message, so this adds none of its own.</summary>
public sealed record MessageRecorded(Message Message) : IMessageEvent
{
    public Guid TenantId => Message.TenantId;
    public Guid MessageId => Message.Id;
    public MessageEvent? TimelineRow() => null;
}

/// <summary>The message went from New to Acknowledged (exactly one caller wins).</summary>
public sealed record MessageAcknowledged(Guid TenantId, Guid MessageId, DateTimeOffset At, Actor By) : IMessageEvent
{
    public MessageEvent? TimelineRow() => MessageTimeline.Row(this, MessageEventKind.Acknowledged, At, By);
}

/// <summary>The message was resolved (from New or Acknowledged).</summary>
public sealed record MessageResolved(Guid TenantId, Guid MessageId, DateTimeOffset At, Actor By) : IMessageEvent
{
    public MessageEvent? TimelineRow() => MessageTimeline.Row(this, MessageEventKind.Resolved, At, By);
}

/// <summary>A user opened the message; its row is written at most once per user (see <see cref="MessageWrite"/>).</summary>
public sealed record MessageSeen(Guid TenantId, Guid MessageId, DateTimeOffset At, Actor By) : IMessageEvent
{
    public MessageEvent? TimelineRow() => MessageTimeline.Row(this, MessageEventKind.Seen, At, By);
}

/// <summary>The escalation engine contacted people (Contacted lists who and how).</summary>
public sealed record EscalationStepTaken(Guid TenantId, Guid MessageId, DateTimeOffset At, string Contacted) : IMessageEvent
{
    public MessageEvent? TimelineRow() => MessageTimeline.Row(this, MessageEventKind.EscalationStep, At, new Actor(null, Contacted, ChangeChannel.System));
}

/// <summary>Every step of every round ran and nobody acknowledged.</summary>
public sealed record EscalationExhausted(Guid TenantId, Guid MessageId, DateTimeOffset At) : IMessageEvent
{
    public MessageEvent? TimelineRow() => MessageTimeline.Row(this, MessageEventKind.EscalationExhausted, At, new Actor(null, "", ChangeChannel.System));
}

/// <summary>
/// Something shown with the message changed without a timeline row of its own (an escalation attempt went out
/// or its outcome arrived): watchers should reload it.
/// </summary>
public sealed record MessageActivityChanged(Guid TenantId, Guid MessageId) : IMessageEvent
{
    public MessageEvent? TimelineRow() => null;
}

internal static class MessageTimeline
{
    public static MessageEvent Row(IMessageEvent change, MessageEventKind kind, DateTimeOffset at, Actor actor) => new()
    {
        TenantId = change.TenantId, MessageId = change.MessageId, Kind = kind, At = at,
        ActorUserId = actor.UserId, ActorName = actor.Name, Channel = actor.Channel,
    };
}
