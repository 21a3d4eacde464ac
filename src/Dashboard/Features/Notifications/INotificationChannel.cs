namespace Dashboard.Features.Notifications;

/// <summary>
/// One way of reaching a person (a phone call, an e-mail, later SMS or chat). A channel owns, in its own folder,
/// how it composes an <see cref="NotificationEnvelope"/>'s channel-neutral content, its provider, its webhooks
/// (replies come back through an <see cref="INotificationReplyHandler"/>), its options and what the development
/// outbox offers for its rows. Escalation, contact tests and anything else that reaches people go through this only.
/// </summary>
public interface INotificationChannel
{
    NotificationChannel Kind { get; }

    /// <summary>True when no provider is configured: sends are accepted into the development outbox and leave no machine.</summary>
    bool DeliversToDevOutbox { get; }

    /// <summary>Where this channel reaches the person (an e-mail address, an E.164 number), or null when it cannot.</summary>
    string? AddressOf(ContactPoints contact);

    /// <summary>Sends; never throws for a provider's failure, which is told apart in the outcome (cancellation still throws).</summary>
    Task<SendOutcome> SendAsync(NotificationEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>What the development outbox offers for one of this channel's rows (open the link, simulate an answer...).</summary>
    IReadOnlyList<DevOutboxAction> DevOutboxActions(DevOutboxRow row);
}

/// <summary>How a person can be reached, whatever stores them (a contact): each channel picks its own address.</summary>
public sealed record ContactPoints(string Name, string Language, string? Email, string? Phone);

/// <summary>The registered channels, by kind.</summary>
public static class NotificationChannels
{
    public static INotificationChannel? For(this IEnumerable<INotificationChannel> channels, NotificationChannel kind)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return channels.FirstOrDefault(c => c.Kind == kind);
    }
}
