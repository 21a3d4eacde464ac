using Dashboard.Data;

namespace Dashboard.Features.Callbacks.Deadlines;

public enum DeadlineStage
{
    /// <summary>Acknowledged; waiting for a reached callback until <see cref="CallbackDeadline.DueAt"/>.</summary>
    Waiting = 0,
    /// <summary>The deadline passed: the person who acknowledged was reminded; the board is next.</summary>
    Reminded = 1,
    /// <summary>Still not called back: the board raised 折り返し未完了 and the escalation policy continued.</summary>
    Alerted = 2,
    /// <summary>A callback reached the caller, or the message was resolved: nothing more happens.</summary>
    Ended = 3,
}

/// <summary>
/// The truth about one message's callback deadline (like <c>MessageEscalation</c> for escalation): a scheduled job is only a
/// wake-up that locks the message row and acts only if <see cref="Sequence"/> is the one it was scheduled for.
/// </summary>
public sealed class CallbackDeadline : ITenantOwned
{
    public Guid MessageId { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The deadline itself (also on the message, as <c>Message.CallbackDueAt</c>).</summary>
    public DateTimeOffset DueAt { get; set; }
    public DeadlineStage Stage { get; set; }
    /// <summary>When the next stage is due (the deadline, then the board alert).</summary>
    public DateTimeOffset NextAt { get; set; }
    /// <summary>Bumped by every change of plan; a wake-up scheduled for an older value does nothing.</summary>
    public int Sequence { get; set; }
    /// <summary>When the reminder was snoozed ("1" on the call, or an attempt recorded); only once.</summary>
    public DateTimeOffset? SnoozedAt { get; set; }
    /// <summary>Who acknowledged, and the contact the reminder goes to (null: nobody to remind; the board still follows).</summary>
    public string AcknowledgedBy { get; set; } = "";
    public Guid? ContactId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
