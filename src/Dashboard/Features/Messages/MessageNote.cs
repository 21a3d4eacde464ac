using Dashboard.Data;

namespace Dashboard.Features.Messages;

/// <summary>Free text a staff member adds to a message (「10:05 電話、留守電に残した」), shown on its timeline.</summary>
public sealed class MessageNote : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid MessageId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ByUserId { get; set; }
    public string ByName { get; set; } = "";
    public ChangeChannel Channel { get; set; }
}
