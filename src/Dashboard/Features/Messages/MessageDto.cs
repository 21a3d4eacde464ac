namespace Dashboard.Features.Messages;

/// <summary>The message as the API, the hub and the feed see it (public contract: camelCase JSON, enums as strings).</summary>
public sealed record MessageDto(
    Guid Id,
    string Tenant,
    DateTimeOffset ReceivedAt,
    string CallerName,
    string CallerOrganization,
    string CallbackNumber,
    string ForWhom,
    string Subject,
    string Body,
    Urgency Urgency,
    string OperatorNote,
    string OperatorName,
    MessageStatus Status,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    ChangeChannel? AcknowledgedVia,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    ChangeChannel? ResolvedVia,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> SeenBy,
    DateTimeOffset? CalledBackAt,
    string? CalledBackBy,
    DateTimeOffset? CallbackDueAt,
    IReadOnlyList<CallbackDto> Callbacks,
    IReadOnlyList<NoteDto> Notes)
{
    public Guid TenantId { get; init; }

    /// <summary>When the board raised 折り返し未完了 for it (not in the JSON: the board's own state).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? CallbackAlertedAt { get; init; }

    /// <summary>A callback deadline still runs: set, nobody reached the caller yet, not resolved.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool CallbackDeadlineOpen => CallbackDueAt is not null && CalledBackAt is null && Status != MessageStatus.Resolved;
}

/// <summary>A callback attempt in the message JSON. <see cref="DurationSeconds"/> is null unless the call was bridged through the service.</summary>
public sealed record CallbackDto(Guid Id, CallbackOutcome Outcome, string Note, DateTimeOffset CalledAt, string By, CallbackChannel Channel, int? DurationSeconds);

/// <summary>A note in the message JSON.</summary>
public sealed record NoteDto(Guid Id, string Text, DateTimeOffset At, string By);
