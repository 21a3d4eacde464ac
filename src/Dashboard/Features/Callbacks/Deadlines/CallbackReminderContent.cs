using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// What a callback reminder says and to whom. Apart from <see cref="CallbackReminders"/> (which needs the channels) because
/// the phone channel needs the reply handlers, and the reply handler needs this: one class for both would be a cycle.
/// </summary>
public sealed class CallbackReminderContent(IDbContextFactory<AppDbContext> dbFactory, PublicUrls urls)
{
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
        return new Reminder(deadline, contact.Id, contact.ToPoints(), content);
    }

    public sealed record Reminder(CallbackDeadline Deadline, Guid ContactId, ContactPoints Points, CallbackReminderNotification Content);
}
