using Dashboard.Features.Messages;

namespace Dashboard.Features.Notifications;

/// <summary>Which of a person's addresses a channel reaches them at. A channel with a new kind of address (a chat user id) adds a column to Contact.</summary>
public enum ContactAddress
{
    Email,
    Phone,
}

/// <summary>
/// What the rest of the app needs to know about a channel without sending through it: how pages name and show it, which
/// address of a person it uses, how a test through it is worded, what a reply through it is recorded as, and its pacing.
/// Plain data, registered beside the channel (<see cref="NotificationChannels.AddNotificationChannel"/>) so that anything
/// (the reply handlers the channels themselves call included) can read it. Texts are keys of Resources/SharedResource.
/// </summary>
public sealed record ChannelDescription
{
    public required NotificationChannel Kind { get; init; }

    /// <summary>The channel's name ("電話", "メール").</summary>
    public required string NameKey { get; init; }

    /// <summary>A MudBlazor icon (an SVG string).</summary>
    public required string Icon { get; init; }

    public required ContactAddress Address { get; init; }

    /// <summary>The contact page's button that sends a test ("テスト発信").</summary>
    public required string TestKey { get; init; }

    /// <summary>What the account manager is told after a test went out, and what to wait for.</summary>
    public required string TestSentKey { get; init; }

    /// <summary>What a staff member is told after testing their own address on /me.</summary>
    public required string OwnTestSentKey { get; init; }

    /// <summary>The setting that makes it send for real (shown when a test went to the development outbox).</summary>
    public required string ProviderSetting { get; init; }

    /// <summary>How a reply through it ("I take it", "this address works") shows on a message's timeline and in the audit.</summary>
    public required ChangeChannel RepliesAs { get; init; }

    /// <summary>How long one address rests between two sends on this channel (a phone number: a minute); zero for none.</summary>
    public TimeSpan PacePerAddress { get; init; }

    /// <summary>Whether a policy step through it is worth a warning while the address is unverified (a wrong number calls a stranger).</summary>
    public bool WarnWhenUnverified { get; init; }

    /// <summary>The person's address on this channel, or null.</summary>
    public string? AddressOf(ContactPoints contact) => contact?.Of(Address);
}

/// <summary>How a person can be reached, whatever stores them (a contact): each channel picks its own address.</summary>
public sealed record ContactPoints(string Name, string Language, string? Email, string? Phone)
{
    public string? Of(ContactAddress address) => address switch
    {
        ContactAddress.Email => Email,
        ContactAddress.Phone => Phone,
        _ => null,
    };
}

/// <summary>The registered channels' descriptions, by kind (the phone call first); what pages list and ask ("which icon", "which options").</summary>
public sealed class NotificationChannelCatalog(IEnumerable<ChannelDescription> descriptions)
{
    public IReadOnlyList<ChannelDescription> All { get; } = [.. descriptions.DistinctBy(d => d.Kind).OrderBy(d => d.Kind)];

    public ChannelDescription? Find(NotificationChannel kind) => All.FirstOrDefault(d => d.Kind == kind);

    /// <summary>The channel's name key; a kind no longer registered (an old row) still gets one.</summary>
    public string NameKey(NotificationChannel kind) => Find(kind)?.NameKey ?? $"NotificationChannel_{kind}";

    public string Icon(NotificationChannel kind) => Find(kind)?.Icon ?? MudBlazor.Icons.Material.Filled.Notifications;

    /// <summary>The channels that reach people at <paramref name="address"/> (under a contact's e-mail, under their phone number).</summary>
    public IEnumerable<ChannelDescription> Using(ContactAddress address) => All.Where(d => d.Address == address);

    /// <summary>The channels that rest an address between sends (a phone number is called once a minute).</summary>
    public IReadOnlyList<NotificationChannel> Paced => [.. All.Where(d => d.PacePerAddress > TimeSpan.Zero).Select(d => d.Kind)];

    /// <summary>The longest rest any channel gives an address: a send held back for it is pending on purpose that long.</summary>
    public TimeSpan LongestPace => All.Select(d => d.PacePerAddress).DefaultIfEmpty(TimeSpan.Zero).Max();
}
