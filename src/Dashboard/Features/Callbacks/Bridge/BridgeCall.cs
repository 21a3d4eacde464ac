using Dashboard.Data;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// One 「折り返す」: the service phones the staff member, then bridges them to the caller from the tenant's caller ID.
/// The row is the state the webhooks move forward (never back); the caller-facing outcome becomes a
/// <see cref="Messages.Callback"/> once, keyed by this row's id.
/// </summary>
public sealed class BridgeCall : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid MessageId { get; set; }
    public Guid UserId { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>The staff member's number (their contact's, E.164): the first leg.</summary>
    public string StaffNumber { get; set; } = "";
    /// <summary>The language of the staff member's contact: what the first leg says is in it.</summary>
    public string Language { get; set; } = "ja";
    /// <summary>The message's callback number (E.164): the second leg.</summary>
    public string CallerNumber { get; set; } = "";
    /// <summary>The tenant's outgoing caller ID when the button was pressed: what the caller sees.</summary>
    public string CallerId { get; set; } = "";
    public BridgeCallState State { get; set; }
    /// <summary>Twilio's SID of the first leg ("dev-..." in the development outbox).</summary>
    public string? CallSid { get; set; }
    /// <summary>The first leg's status when it went wrong (no-answer, busy, failed) or Twilio's refusal.</summary>
    public string? Problem { get; set; }
    /// <summary>Twilio's <c>DialCallStatus</c> of the second leg, once reported.</summary>
    public string? DialStatus { get; set; }
    public int? DialDurationSeconds { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StaffAnsweredAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>How far a bridge call got. Each state only ever moves to a later one.</summary>
public enum BridgeCallState
{
    /// <summary>The staff member's phone is being called.</summary>
    CallingStaff = 0,
    /// <summary>They answered; the caller is being dialled.</summary>
    DiallingCaller = 1,
    /// <summary>The dial's outcome is recorded as a callback.</summary>
    Finished = 2,
    /// <summary>The staff member's phone did not answer, was busy, or the call could not be placed: nothing is recorded on the message.</summary>
    StaffNotReached = 3,
}
