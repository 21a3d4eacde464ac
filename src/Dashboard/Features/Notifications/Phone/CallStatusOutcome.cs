using Dashboard.Features.Escalation;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// What a Twilio `CallStatus` means for the attempt. Each outcome names the states it may move from, all
/// earlier than itself, so a late or repeated callback can never move an attempt backwards.
/// </summary>
public sealed record CallStatusOutcome(AttemptStatus To, AttemptStatus[] From)
{
    private static readonly AttemptStatus[] Placed = [AttemptStatus.Sending, AttemptStatus.Sent];
    private static readonly AttemptStatus[] Reached = AttemptOutcomes.AfterSending;

    /// <summary>Null when the status changes nothing (queued, initiated, completed after an answer...).</summary>
    public static CallStatusOutcome? For(string? callStatus) => callStatus switch
    {
        "ringing" => new(AttemptStatus.Delivered, Placed),
        "in-progress" or "answered" => new(AttemptStatus.Answered, Reached),
        "no-answer" => new(AttemptStatus.NoAnswer, Reached),
        "busy" => new(AttemptStatus.Busy, Reached),
        "failed" or "canceled" => new(AttemptStatus.Failed, Reached),
        _ => null,
    };
}
