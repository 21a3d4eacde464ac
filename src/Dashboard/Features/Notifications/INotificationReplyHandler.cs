namespace Dashboard.Features.Notifications;

/// <summary>
/// Where a reply that came back through a channel (press 1 on a call, the button behind a link) goes. The channel
/// layer owns this contract and the features that send implement it, one per <see cref="ReplyMeaning"/> (Escalation:
/// acknowledge; Contacts: confirm an address), so a channel's webhooks depend on neither.
/// </summary>
public interface INotificationReplyHandler
{
    ReplyMeaning Meaning { get; }

    /// <summary>What the path is about now, for a channel that says it when the person picks up (a call's script); null when it names nothing.</summary>
    Task<ReplyContext?> DescribeAsync(ReplyPath path, CancellationToken cancellationToken);

    /// <summary>
    /// How the send is going, as the provider reports it (a call rang, was answered, was not; its provider reference):
    /// nothing decided yet. False when the path names nothing sent through <see cref="DeliveryReport.Via"/>.
    /// </summary>
    Task<bool> ReportAsync(ReplyPath path, DeliveryReport report, CancellationToken cancellationToken);

    /// <summary>
    /// The reply itself, through <paramref name="via"/>; <paramref name="reachedAt"/> is the address the provider says it
    /// reached (the number called), when it says so.
    /// </summary>
    Task<ReplyResult> ReplyAsync(ReplyPath path, NotificationChannel via, string? reachedAt, CancellationToken cancellationToken);
}

public enum ReplyOutcome
{
    /// <summary>This reply did it (acknowledged the message, confirmed the address).</summary>
    Done,
    /// <summary>Already done, by this reply before or by somebody else (<see cref="ReplyResult.DoneBy"/>).</summary>
    AlreadyDone,
    /// <summary>What the reply was about has changed (the contact's address is no longer the one reached): nothing changed.</summary>
    NoLongerApplies,
    /// <summary>The path names nothing (within its tenant).</summary>
    NotFound,
}

/// <summary>
/// Who the reply path reaches, in which language, what to say, and whether a reply can still change anything (and who
/// already did). When the path is one send (an escalation attempt): <paramref name="SentVia"/> and <paramref name="SentTo"/>
/// say where it went, so a channel can check a reply names its own send, and <paramref name="DoneHere"/> whether a reply
/// through this very path already did it.
/// </summary>
public sealed record ReplyContext(string RecipientName, string Language, Notification Content, bool Open, string? DoneBy = null,
    NotificationChannel? SentVia = null, NotificationRecipient? SentTo = null, bool DoneHere = false);

/// <summary>What a provider reported about a send: what happened (null when nothing new) and its own reference (a call SID).</summary>
public sealed record DeliveryReport(NotificationChannel Via, DeliveryEvent? Event, string? ProviderReference = null, string? Error = null);

/// <summary>A provider's word on a send, channel-neutral; the sending feature decides what each means for its records.</summary>
public enum DeliveryEvent
{
    /// <summary>It reached the person's device (a phone rings).</summary>
    Delivered,
    /// <summary>The person picked up.</summary>
    Answered,
    NoAnswer,
    Busy,
    Failed,
}

public sealed record ReplyResult(ReplyOutcome Outcome, string? DoneBy = null);

public static class NotificationReplyHandlers
{
    public static INotificationReplyHandler For(this IEnumerable<INotificationReplyHandler> handlers, ReplyMeaning meaning)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        return handlers.FirstOrDefault(h => h.Meaning == meaning)
            ?? throw new InvalidOperationException($"No reply handler for {meaning} is registered.");
    }
}
