using Dashboard.Data;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.Contacts;

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

    /// <summary>How the channels see this person (each picks its address from these).</summary>
    public ContactPoints ToPoints() => new(Name, Language, Email, Phone);

    /// <summary>The address of this kind: the one channel registrations name (<see cref="ChannelDescription.Address"/>).</summary>
    public string? AddressOf(ContactAddress address) => ToPoints().Of(address);

    public DateTimeOffset? VerifiedAt(ContactAddress address) => address switch
    {
        ContactAddress.Email => EmailVerifiedAt,
        ContactAddress.Phone => PhoneVerifiedAt,
        _ => null,
    };

    /// <summary>Stamps the address of this kind verified, if the contact has one.</summary>
    public void MarkVerified(ContactAddress address, DateTimeOffset at)
    {
        if (AddressOf(address) is null)
        {
            return;
        }
        if (address == ContactAddress.Email)
        {
            EmailVerifiedAt = at;
        }
        else if (address == ContactAddress.Phone)
        {
            PhoneVerifiedAt = at;
        }
    }
}
