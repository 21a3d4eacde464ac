using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Reminds the person who acknowledged, by phone and e-mail through the channels (decision 14), in their language: the
/// caller still waits. A reply through the call ("1") snoozes the deadline (<see cref="ReminderSnoozeReplies"/>).
/// Runs in the deadline job's scope (its tenant already set).
/// </summary>
public sealed partial class CallbackReminders(
    IDbContextFactory<AppDbContext> dbFactory, IEnumerable<INotificationChannel> channels, PublicUrls urls, ILogger<CallbackReminders> logger)
{
    private static readonly NotificationChannel[] Channels = [NotificationChannel.PhoneCall, NotificationChannel.Email];

    public async Task SendAsync(Guid tenantId, Guid messageId, CancellationToken cancellationToken)
    {
        var reminder = await DescribeAsync(tenantId, messageId, cancellationToken);
        if (reminder is null)
        {
            LogNobodyToRemind(logger, messageId);
            return;
        }
        foreach (var kind in Channels)
        {
            if (channels.For(kind) is not { } channel || channel.AddressOf(reminder.Points) is not { Length: > 0 } address)
            {
                continue;
            }
            var envelope = new NotificationEnvelope(Guid.CreateVersion7(), tenantId, new NotificationRecipient(address, reminder.Points.Name, reminder.ContactId),
                reminder.Points.Language, reminder.Content, new ReplyPath(ReplyMeaning.SnoozeCallbackReminder, tenantId, messageId, messageId));
            var outcome = await channel.SendAsync(envelope, cancellationToken);
            LogSent(logger, messageId, kind, outcome.GetType().Name, outcome.Reason);
        }
    }

    /// <summary>Who is reminded of which message, and what is said; null when there is no deadline or no contact to remind.</summary>
    public async Task<Reminder?> DescribeAsync(Guid tenantId, Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deadline = await db.CallbackDeadlines.AsNoTracking().FirstOrDefaultAsync(d => d.MessageId == messageId && d.TenantId == tenantId, cancellationToken);
        if (deadline?.ContactId is not { } contactId)
        {
            return null;
        }
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        var message = await db.FindDtoAsync(messageId, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);
        if (contact is null || message is null || tenant is null)
        {
            return null;
        }
        var content = new CallbackReminderNotification(tenant.DisplayName, tenant.TimeZone, AlertContent.DetailsOf(message), deadline.DueAt,
            urls.For($"messages/{messageId:D}"), (int)DeadlineTimings.Snooze.TotalMinutes);
        return new Reminder(deadline, contact.Id, new ContactPoints(contact.Name, contact.Language, contact.Email, contact.Phone), content);
    }

    public sealed record Reminder(CallbackDeadline Deadline, Guid ContactId, ContactPoints Points, CallbackReminderNotification Content);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback deadline of message {MessageId} passed, but nobody can be reminded (no contact for who acknowledged)")]
    private static partial void LogNobodyToRemind(ILogger logger, Guid messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback reminder for message {MessageId} on {Channel}: {Outcome} {Reason}")]
    private static partial void LogSent(ILogger logger, Guid messageId, NotificationChannel channel, string outcome, string? reason);
}
