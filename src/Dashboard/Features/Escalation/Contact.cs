using Dashboard.Data;

namespace Dashboard.Features.Escalation;

/// <summary>A person an escalation can reach: a client's staff member, owner or deputy.</summary>
[Audit.Audited]
public sealed class Contact : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    /// <summary>E.164.</summary>
    public string? Phone { get; set; }
    /// <summary>"ja" or "en": the language of the call and the e-mail.</summary>
    public string Language { get; set; } = "ja";
    public Guid? UserId { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>When a test e-mail to <see cref="Email"/> was confirmed as received; cleared when the address changes.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; set; }
    /// <summary>When a test call to <see cref="Phone"/> was answered; cleared when the number changes.</summary>
    public DateTimeOffset? PhoneVerifiedAt { get; set; }
}
