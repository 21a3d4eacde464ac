using Dashboard.Data;

namespace Dashboard.Features.Messages;

/// <summary>One line of a message's timeline. "Seen" rows are unique per user and message.</summary>
public sealed class MessageEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid MessageId { get; set; }
    public MessageEventKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    public ChangeChannel Channel { get; set; }
}
