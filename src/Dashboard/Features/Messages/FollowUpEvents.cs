namespace Dashboard.Features.Messages;

/// <summary>A callback attempt was recorded (the row travels with the write; the detail page shows it on the timeline).</summary>
public sealed record CallbackRecorded(Guid TenantId, Guid MessageId, Callback Callback) : IMessageEvent
{
    public MessageEvent? TimelineRow() => null;
}

/// <summary>A note was added to the message (the row travels with the write; the detail page shows it on the timeline).</summary>
public sealed record NoteAdded(Guid TenantId, Guid MessageId, MessageNote Note) : IMessageEvent
{
    public MessageEvent? TimelineRow() => null;
}
