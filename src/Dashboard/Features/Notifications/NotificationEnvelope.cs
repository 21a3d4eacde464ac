namespace Dashboard.Features.Notifications;

/// <summary>
/// Everything a channel needs to reach one person once: who, in which language, what to say (channel-neutral:
/// each channel composes its subject, spoken text or body from it) and what a reply through it means.
/// <paramref name="Id"/> names this send (an escalation attempt's id, or a fresh one for a test).
/// </summary>
public sealed record NotificationEnvelope(Guid Id, Guid TenantId, NotificationRecipient Recipient, string Language, Notification Content, ReplyPath Reply);

/// <summary>The address (e-mail, E.164) on the envelope's channel and the name to greet; the contact, when there is one, tells people apart.</summary>
public sealed record NotificationRecipient(string Address, string DisplayName, Guid? ContactId = null);

/// <summary>What is said, before any channel shapes it.</summary>
public abstract record Notification(string TenantName);

/// <summary>A message somebody must take: read it, call back, acknowledge.</summary>
public sealed record AlertNotification(string TenantName, TimeZoneInfo TimeZone, AlertDetails Message) : Notification(TenantName);

/// <summary>
/// The caller of an acknowledged message has still not been called back by <paramref name="DueAt"/>: a reminder to the
/// person who acknowledged, with the caller's details and the message's page (<paramref name="MessageLink"/>); a reply
/// ("I am calling now") gives <paramref name="SnoozeMinutes"/> more, once.
/// </summary>
public sealed record CallbackReminderNotification(string TenantName, TimeZoneInfo TimeZone, AlertDetails Message, DateTimeOffset DueAt, Uri MessageLink,
    int SnoozeMinutes)
    : Notification(TenantName);

/// <summary>A contact's test: plainly a test, needing nothing done but confirming the address works.</summary>
public sealed record TestNotification(string TenantName) : Notification(TenantName);

/// <summary>The message an alert is about, as channels show it; <paramref name="CallbackDisplay"/> is the number as people write it.</summary>
public sealed record AlertDetails(
    DateTimeOffset ReceivedAt, AlertUrgency Urgency, string CallerName, string CallerOrganization, string CallbackNumber, string CallbackDisplay,
    string ForWhom, string Subject, string Body, string OperatorNote);

/// <summary>How urgent an alert is; the names match the resources' `Urgency_X` labels.</summary>
public enum AlertUrgency
{
    Normal = 0,
    Urgent = 1,
    Emergency = 2,
}

/// <summary>What a reply through the channel means.</summary>
public enum ReplyMeaning
{
    /// <summary>"I take it": acknowledges the message an escalation attempt is about (press 1, the /ack link).</summary>
    Acknowledge,
    /// <summary>"This reached me": confirms a contact's address (press 1 on a test call, the /verify link).</summary>
    ConfirmAddress,
    /// <summary>"I am on it": gives a callback reminder's person a little more time, once (press 1 on the reminder call).</summary>
    SnoozeCallbackReminder,
}

/// <summary>
/// How a reply finds its way back: its meaning and what it is about (<paramref name="SubjectId"/>: the attempt for
/// <see cref="ReplyMeaning.Acknowledge"/>, the contact for <see cref="ReplyMeaning.ConfirmAddress"/>;
/// <paramref name="ScopeId"/>: the message, when there is one). <paramref name="Link"/> is a link the caller already
/// made (a test e-mail's /verify link); without one, a channel that replies by link makes its own.
/// </summary>
public sealed record ReplyPath(ReplyMeaning Meaning, Guid TenantId, Guid SubjectId, Guid? ScopeId = null, Uri? Link = null);
