using Dashboard.Data;

namespace Dashboard.Features.Escalation;

public enum EscalationState
{
    Active = 0,
    /// <summary>Somebody acknowledged (or resolved) the message: nobody else is contacted.</summary>
    Stopped = 1,
    /// <summary>Every step of every round ran and nobody acknowledged: the operators must call the caller back.</summary>
    Exhausted = 2,
}

/// <summary>
/// The truth about one message's escalation. A scheduled job is only a wake-up: it locks this row, and acts
/// only if the message is still unacknowledged and <see cref="Sequence"/> is the one it was scheduled for.
/// </summary>
public sealed class MessageEscalation : ITenantOwned
{
    public Guid MessageId { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The policy version it started under; edits to the policy do not affect it.</summary>
    public Guid PolicyVersionId { get; set; }
    public int Round { get; set; }
    /// <summary>The next step to run.</summary>
    public int StepIndex { get; set; }
    public DateTimeOffset NextDueAt { get; set; }
    public EscalationState State { get; set; }
    /// <summary>Bumped by every advance; a job scheduled for an older value is stale and does nothing.</summary>
    public int Sequence { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>
    /// Set when a missed callback deadline made the policy continue after the message was acknowledged
    /// (<see cref="EscalationResumption"/>): from then on it runs until somebody reaches the caller or resolves the message.
    /// </summary>
    public DateTimeOffset? ResumedAt { get; set; }
}
