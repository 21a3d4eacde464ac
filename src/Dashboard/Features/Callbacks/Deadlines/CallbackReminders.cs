using Dashboard.Features.Notifications;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Reminds the person who acknowledged, by phone and e-mail through the channels (decision 14), in their language: the
/// caller still waits. A reply through the call ("1") snoozes the deadline (<see cref="ReminderSnoozeReplies"/>).
/// Runs in the deadline job's scope (its tenant already set).
/// </summary>
public sealed partial class CallbackReminders(
    CallbackReminderContent reminders, IEnumerable<INotificationChannel> channels, NotificationChannelCatalog catalog, ILogger<CallbackReminders> logger)
{
    /// <summary>Decision 20's rule, not a channel's property: the person is phoned and mailed (a new channel joins here by choice).</summary>
    private static readonly NotificationChannel[] Channels = [NotificationChannel.PhoneCall, NotificationChannel.Email];

    public async Task SendAsync(Guid tenantId, Guid messageId, CancellationToken cancellationToken)
    {
        var reminder = await reminders.DescribeAsync(tenantId, messageId, cancellationToken);
        if (reminder is null)
        {
            LogNobodyToRemind(logger, messageId);
            return;
        }
        foreach (var kind in Channels)
        {
            if (channels.For(kind) is not { } channel || catalog.Find(kind)?.AddressOf(reminder.Points) is not { Length: > 0 } address)
            {
                continue;
            }
            var envelope = new NotificationEnvelope(Guid.CreateVersion7(), tenantId, new NotificationRecipient(address, reminder.Points.Name, reminder.ContactId),
                reminder.Points.Language, reminder.Content, new ReplyPath(ReplyMeaning.SnoozeCallbackReminder, tenantId, messageId, messageId));
            var outcome = await channel.SendAsync(envelope, cancellationToken);
            LogSent(logger, messageId, kind, outcome.GetType().Name, outcome.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback deadline of message {MessageId} passed, but nobody can be reminded (no contact for who acknowledged)")]
    private static partial void LogNobodyToRemind(ILogger logger, Guid messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback reminder for message {MessageId} on {Channel}: {Outcome} {Reason}")]
    private static partial void LogSent(ILogger logger, Guid messageId, NotificationChannel channel, string outcome, string? reason);
}
