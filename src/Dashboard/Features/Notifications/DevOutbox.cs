namespace Dashboard.Features.Notifications;

/// <summary>
/// One row of the development outbox, as a channel sees it: the send (its envelope id is the attempt's id), who it
/// went to, and how far it got. The outbox page asks the row's channel what to offer; it knows no channel's type.
/// </summary>
public sealed record DevOutboxRow(Guid Id, Guid TenantId, Guid MessageId, Guid? ContactId, string Address, string Language, DeliveryProgress Progress);

/// <summary>How far a send got, for the outbox's choice of actions.</summary>
public enum DeliveryProgress
{
    NotSent,
    Sent,
    Delivered,
    Answered,
    /// <summary>Acknowledged, failed, cancelled or otherwise over: nothing left to simulate.</summary>
    Finished,
}

/// <summary>
/// A button on an outbox row: a link to open (<paramref name="Href"/>, e.g. the e-mail's acknowledge link) or a simulated
/// reply (<paramref name="SimulateAsync"/>, e.g. answering a call and pressing 1) that goes through the channel's real reply path.
/// </summary>
public sealed record DevOutboxAction(string LabelKey, string TestId, string? Href = null, Func<CancellationToken, Task>? SimulateAsync = null, bool Primary = false);

/// <summary>Without a provider (the demo run, tests) a channel accepts the send here: it is marked sent and shown on the outbox page.</summary>
public static class DevOutbox
{
    public static SendOutcome Accept(NotificationEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return new SendOutcome.Sent($"dev-{envelope.Id:N}");
    }
}
