using Dashboard.Data;

namespace Dashboard.Features.Audit;

public enum AuditAction
{
    Created = 0,
    Updated = 1,
    Deleted = 2,
}

/// <summary>One change to a contact, business hours, a policy, a user or a key: who, when, what, before and after.</summary>
[GlobalEntity("Spans tenant-owned and global records (users, operator keys); read only through the audit page, which filters by the tenants the reader may see.")]
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The tenant the changed record belongs to; null for global records (an operator's account, an operator-centre key).</summary>
    public Guid? TenantId { get; set; }
    public Guid? ActorUserId { get; set; }
    public string ActorName { get; set; } = "";
    /// <summary>The entity type, e.g. "Contact", "EscalationPolicyVersion".</summary>
    public string Entity { get; set; } = "";
    public string EntityId { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>JSON of the audited properties before the change (null when created).</summary>
    public string? Before { get; set; }
    /// <summary>JSON of the audited properties after the change (null when deleted).</summary>
    public string? After { get; set; }
}
