using Dashboard.Data;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.Escalation;

public enum AttemptStatus
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Delivered = 3,
    Answered = 4,
    NoAnswer = 5,
    Failed = 6,
    /// <summary>Not sent: the message was acknowledged before its turn.</summary>
    Cancelled = 7,
    /// <summary>The person acknowledged through this attempt (keypress, e-mail link).</summary>
    Acknowledged = 8,
    /// <summary>The line was busy (a phone call).</summary>
    Busy = 9,
}

/// <summary>One try to reach one person on one channel: an outbox row, pending until a sender takes it.</summary>
public sealed class NotificationAttempt : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid MessageId { get; set; }
    public Guid? ContactId { get; set; }
    public string RecipientName { get; set; } = "";
    /// <summary>E-mail address or E.164 number.</summary>
    public required string Address { get; set; }
    public NotificationChannel Channel { get; set; }
    public string Language { get; set; } = "ja";
    public int Round { get; set; }
    public int StepIndex { get; set; }
    public AttemptStatus Status { get; set; }
    public int Tries { get; set; }
    public string? ProviderReference { get; set; }
    public string? Error { get; set; }
    /// <summary>When the provider accepted it; "one call a minute per number" counts from here.</summary>
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
