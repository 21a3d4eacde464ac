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
    IReadOnlyList<string> SeenBy)
{
    public Guid TenantId { get; init; }
}
