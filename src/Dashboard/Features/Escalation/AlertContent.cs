using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;

namespace Dashboard.Features.Escalation;

/// <summary>A message as the channels say it: the channel-neutral content of an escalation's envelope.</summary>
public static class AlertContent
{
    public static AlertNotification For(MessageDto message, Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new AlertNotification(tenant.DisplayName, tenant.TimeZone, DetailsOf(message));
    }

    public static AlertDetails DetailsOf(MessageDto message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var urgency = message.Urgency switch
        {
            Urgency.Emergency => AlertUrgency.Emergency,
            Urgency.Urgent => AlertUrgency.Urgent,
            _ => AlertUrgency.Normal,
        };
        var callback = string.IsNullOrEmpty(message.CallbackNumber) ? "" : CallbackNumbers.Display(message.CallbackNumber);
        return new AlertDetails(message.ReceivedAt, urgency, message.CallerName, message.CallerOrganization, message.CallbackNumber, callback,
            message.ForWhom, message.Subject, message.Body, message.OperatorNote);
    }

    /// <summary>The envelope for one attempt of an escalation: replies acknowledge the message.</summary>
    public static NotificationEnvelope Envelope(NotificationAttempt attempt, MessageDto message, Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new NotificationEnvelope(attempt.Id, attempt.TenantId, new NotificationRecipient(attempt.Address, attempt.RecipientName, attempt.ContactId),
            attempt.Language, For(message, tenant), new ReplyPath(ReplyMeaning.Acknowledge, attempt.TenantId, attempt.Id, attempt.MessageId));
    }
}
