namespace Dashboard.Features.Notifications;

/// <summary>What became of one send, as far as the provider lets us know.</summary>
public abstract record SendOutcome(string? Reason)
{
    /// <summary>The provider took it; <paramref name="ProviderReference"/> is its id (a Message-Id, a call SID, "dev-..." in the outbox).</summary>
    public sealed record Sent(string ProviderReference) : SendOutcome((string?)null);

    /// <summary>Certainly not sent (no connection, 4xx from SMTP, 429 from Twilio): safe to try again.</summary>
    public sealed record Transient(string Why, Exception? Error = null) : SendOutcome(Why);

    /// <summary>Certainly not sent and never will be (an invalid number, a refused address): asking again gets the same answer.</summary>
    public sealed record Rejected(string Why, Exception? Error = null) : SendOutcome(Why);

    /// <summary>The provider may or may not have acted (a timeout after the request, a 500): never blindly repeated.</summary>
    public sealed record Unknown(string Why, Exception? Error = null) : SendOutcome(Why);

    /// <summary>Runs a provider call whose failures are told apart by exception type, as the senders raise them.</summary>
    public static async Task<SendOutcome> OfAsync(Func<Task<string>> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return new Sent(await send());
        }
        catch (TransientSendException ex)
        {
            return new Transient(ex.Message, ex);
        }
        catch (RejectedSendException ex)
        {
            return new Rejected(ex.Message, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new Unknown(ex.Message, ex);
        }
    }
}

/// <summary>Thrown inside a sender when the attempt certainly did not go out (connection refused, 5xx before acceptance): safe to retry.</summary>
public sealed class TransientSendException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Thrown inside a sender when the provider refused the attempt outright (invalid number, rejected address).</summary>
public class RejectedSendException(string message, Exception? inner = null) : Exception(message, inner);
