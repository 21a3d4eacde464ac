namespace Dashboard.Features.Escalation;

/// <summary>Sends one attempt on its channel and returns the provider's reference.</summary>
public interface INotificationSender
{
    NotificationChannel Channel { get; }

    Task<string> SendAsync(NotificationAttempt attempt, Messages.MessageDto message, CancellationToken cancellationToken);
}

/// <summary>Thrown by a sender when the attempt certainly did not go out (connection refused, 5xx before acceptance): safe to retry.</summary>
public sealed class TransientSendException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown by a sender when the provider refused the attempt outright (invalid number, rejected address): certainly not sent, and asking again gets the same answer.</summary>
public class RejectedSendException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Without SMTP or Twilio configured (the demo run, tests), notifications land here: the attempt is marked
/// sent and shown on the development outbox page, where a simulated call can be answered.
/// </summary>
public sealed class DevOutboxSender(NotificationChannel channel) : INotificationSender
{
    public NotificationChannel Channel => channel;

    public Task<string> SendAsync(NotificationAttempt attempt, Messages.MessageDto message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return Task.FromResult($"dev-{attempt.Id:N}");
    }
}
