namespace Dashboard.Features.Notifications;

/// <summary>
/// One way of reaching a person (a phone call, an e-mail, later SMS or chat). A channel owns, in its own folder,
/// how it composes an <see cref="NotificationEnvelope"/>'s channel-neutral content, its provider, its webhooks
/// (replies come back through an <see cref="INotificationReplyHandler"/>), its options and what the development
/// outbox offers for its rows. Escalation, contact tests and anything else that reaches people go through this only;
/// what they need to know about it without sending (name, icon, address, pacing) is its <see cref="ChannelDescription"/>.
/// </summary>
public interface INotificationChannel
{
    NotificationChannel Kind { get; }

    /// <summary>True when no provider is configured: sends are accepted into the development outbox and leave no machine.</summary>
    bool DeliversToDevOutbox { get; }

    /// <summary>Sends; never throws for a provider's failure, which is told apart in the outcome (cancellation still throws).</summary>
    Task<SendOutcome> SendAsync(NotificationEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>What the development outbox offers for one of this channel's rows (open the link, simulate an answer...).</summary>
    IReadOnlyList<DevOutboxAction> DevOutboxActions(DevOutboxRow row);
}

/// <summary>The registered channels, by kind, and the one line that registers a channel.</summary>
public static class NotificationChannels
{
    /// <summary>Registers a channel (per scope: its senders may use scoped services) and its description (for everyone).</summary>
    public static IServiceCollection AddNotificationChannel(this IServiceCollection services, ChannelDescription description,
        Func<IServiceProvider, INotificationChannel> channel)
    {
        services.AddSingleton(description);
        services.AddScoped(channel);
        return services;
    }

    public static INotificationChannel? For(this IEnumerable<INotificationChannel> channels, NotificationChannel kind)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return channels.FirstOrDefault(c => c.Kind == kind);
    }
}
