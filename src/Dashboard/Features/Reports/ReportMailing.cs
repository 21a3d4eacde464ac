using Dashboard.Data;

namespace Dashboard.Features.Reports;

public enum ReportMailingStatus
{
    /// <summary>Claimed by a node that is sending it now.</summary>
    Sending = 0,
    Sent = 1,
    /// <summary>The outcome is unknown (the connection broke after the server took the recipient): never repeated.</summary>
    Failed = 2,
}

/// <summary>
/// The idempotency record of one monthly report e-mail: unique per tenant, month and address, inserted before the send,
/// so several nodes and Hangfire's retries send each report once. A send that certainly did not go out removes its row
/// again so the next run retries it.
/// </summary>
public sealed class ReportMailing : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>The reported month's first day.</summary>
    public DateOnly Month { get; set; }
    public required string Address { get; set; }
    public ReportMailingStatus Status { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ProviderReference { get; set; }
    public string? Error { get; set; }
}
