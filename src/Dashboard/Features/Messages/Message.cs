using Dashboard.Data;

namespace Dashboard.Features.Messages;

/// <summary>One call taken for a tenant.</summary>
public sealed class Message : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string CallerName { get; set; }
    public string CallerOrganization { get; set; } = "";
    /// <summary>E.164, normalised on the way in.</summary>
    public required string CallbackNumber { get; set; }
    public string ForWhom { get; set; } = "";
    public required string Subject { get; set; }
    public string Body { get; set; } = "";
    public Urgency Urgency { get; set; }
    public string OperatorNote { get; set; } = "";
    public string OperatorName { get; set; } = "";

    public MessageStatus Status { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public ChangeChannel? AcknowledgedVia { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public ChangeChannel? ResolvedVia { get; set; }

    /// <summary>折り返し済み: when the first callback that reached the caller was made; set once, never moved.</summary>
    public DateTimeOffset? CalledBackAt { get; set; }
    public string? CalledBackBy { get; set; }

    /// <summary>
    /// When the caller should have been called back by: set when an urgent or emergency message is acknowledged (the
    /// tenant's callback deadline, Features/Callbacks/Deadlines). Kept after the deadline ends (a reached callback, the
    /// message resolved) as the deadline that applied, so "called back late" stays answerable.
    /// </summary>
    public DateTimeOffset? CallbackDueAt { get; set; }

    /// <summary>When the operators' board raised 折り返し未完了 (the reminder went unheeded); null until then.</summary>
    public DateTimeOffset? CallbackAlertedAt { get; set; }

    /// <summary>Bumped by every change; a reconnecting feed reloads everything changed since its newest stamp.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public List<MessageEvent> Events { get; set; } = [];
    public List<Callback> Callbacks { get; set; } = [];
    public List<MessageNote> Notes { get; set; } = [];
}
