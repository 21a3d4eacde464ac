using Dashboard.Features.Notifications;

namespace Dashboard.Features.Escalation;

/// <summary>
/// What a provider's report means for the attempt. Each outcome names the states it may move from, all earlier than
/// itself, so a late or repeated report can never move an attempt backwards.
/// </summary>
public sealed record DeliveryOutcome(AttemptStatus To, AttemptStatus[] From)
{
    private static readonly AttemptStatus[] Placed = [AttemptStatus.Sending, AttemptStatus.Sent];
    private static readonly AttemptStatus[] Reached = AttemptOutcomes.AfterSending;

    /// <summary>Null when the report changes nothing.</summary>
    public static DeliveryOutcome? For(DeliveryEvent? report) => report switch
    {
        DeliveryEvent.Delivered => new(AttemptStatus.Delivered, Placed),
        DeliveryEvent.Answered => new(AttemptStatus.Answered, Reached),
        DeliveryEvent.NoAnswer => new(AttemptStatus.NoAnswer, Reached),
        DeliveryEvent.Busy => new(AttemptStatus.Busy, Reached),
        DeliveryEvent.Failed => new(AttemptStatus.Failed, Reached),
        _ => null,
    };
}
