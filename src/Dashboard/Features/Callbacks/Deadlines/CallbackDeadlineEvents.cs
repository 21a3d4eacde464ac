using Dashboard.Features.Messages;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>The callback deadline passed: the person who acknowledged (<paramref name="Reminded"/>) was reminded.</summary>
public sealed record CallbackReminded(Guid TenantId, Guid MessageId, DateTimeOffset At, string Reminded) : IMessageEvent
{
    public MessageEvent? TimelineRow() => new()
    {
        TenantId = TenantId, MessageId = MessageId, Kind = MessageEventKind.CallbackReminded, At = At,
        ActorName = Reminded, Channel = ChangeChannel.System,
    };
}

/// <summary>Still nobody called the caller back after the reminder: the board raised 折り返し未完了.</summary>
public sealed record CallbackOverdue(Guid TenantId, Guid MessageId, DateTimeOffset At) : IMessageEvent
{
    public MessageEvent? TimelineRow() => new()
    {
        TenantId = TenantId, MessageId = MessageId, Kind = MessageEventKind.CallbackOverdue, At = At,
        ActorName = "", Channel = ChangeChannel.System,
    };
}
