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

    /// <summary>The person picked up (a call was answered): nothing decided yet.</summary>
    Task AnsweredAsync(ReplyPath path, CancellationToken cancellationToken);

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

/// <summary>Who the reply path reaches, in which language, what to say, and whether a reply can still change anything (and who already did).</summary>
public sealed record ReplyContext(string RecipientName, string Language, Notification Content, bool Open, string? DoneBy = null);

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
