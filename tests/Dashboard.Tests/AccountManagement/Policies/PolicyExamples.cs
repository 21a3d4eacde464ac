using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Tests.AccountManagement.Policies;

/// <summary>The contacts and drafts the pure policy tests share: one reachable person of each kind and each way of being unreachable.</summary>
internal static class PolicyExamples
{
    public static readonly Guid TenantId = Guid.CreateVersion7();

    public static readonly Contact Director = new()
    {
        TenantId = TenantId, Name = "院長", Phone = "+819011112222", Email = "director@alpha.example", PhoneVerifiedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Has a phone nobody has confirmed yet, and no e-mail.</summary>
    public static readonly Contact Deputy = new() { TenantId = TenantId, Name = "副院長", Phone = "+819033334444" };

    public static readonly Contact NoPhone = new() { TenantId = TenantId, Name = "受付", Email = "desk@alpha.example" };

    public static readonly Contact Retired = new() { TenantId = TenantId, Name = "退職者", Phone = "+819055556666", IsActive = false, PhoneVerifiedAt = DateTimeOffset.UnixEpoch };

    public static IReadOnlyList<Contact> Contacts => [Director, Deputy, NoPhone, Retired];

    public static TargetDraft Phone(Contact contact) => new() { Kind = TargetKind.Contact, ContactId = contact.Id, Channel = NotificationChannel.PhoneCall };

    public static TargetDraft Email(Contact contact) => new() { Kind = TargetKind.Contact, ContactId = contact.Id, Channel = NotificationChannel.Email };

    /// <summary>Urgent and Emergency, at all hours: the director at once by phone, the director by e-mail after 5 minutes.</summary>
    public static PolicyDraft Valid() => new()
    {
        Name = "至急・緊急",
        Urgencies = [Urgency.Urgent, Urgency.Emergency],
        Hours = HoursCoverage.Always,
        Repeats = 1,
        Steps =
        [
            new() { DelayMinutes = 0, Targets = [Phone(Director)] },
            new() { DelayMinutes = 5, Targets = [Email(Director)] },
        ],
    };
}
