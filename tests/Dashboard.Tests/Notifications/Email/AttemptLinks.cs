using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>Acknowledge links for escalation attempts, as the e-mail channel makes them from an attempt's envelope.</summary>
internal static class AttemptLinks
{
    public static string Issue(this AcknowledgeTokens tokens, NotificationAttempt attempt) =>
        tokens.Issue(attempt.TenantId, attempt.MessageId, attempt.Id, attempt.ContactId, attempt.Address, attempt.Language);

    /// <summary>What the link page checks, through the reply handler: the same attempt, message and tenant, sent by e-mail to the same person.</summary>
    public static bool Matches(this AcknowledgeClaims claims, NotificationAttempt attempt) =>
        claims.AttemptId == attempt.Id && claims.TenantId == attempt.TenantId && claims.MessageId == attempt.MessageId
        && claims.Matches(attempt.Channel, new NotificationRecipient(attempt.Address, attempt.RecipientName, attempt.ContactId));
}
