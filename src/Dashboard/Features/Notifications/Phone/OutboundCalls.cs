namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// The phone channel's generic capability for features that run a call of their own (the callback bridge): place a call
/// whose TwiML is at this app's <c>voicePath</c>, reporting progress to <c>statusPath</c>. Through Twilio when it is
/// configured; otherwise nothing is dialled (<see cref="IsSimulated"/>) and the feature's own dev-outbox page plays Twilio.
/// </summary>
public sealed class OutboundCalls(PublicUrls urls, TwilioCallSender? twilio = null)
{
    /// <summary>True without Twilio: <see cref="PlaceAsync"/> answers a "dev-..." reference and no phone rings.</summary>
    public bool IsSimulated => twilio is null;

    /// <summary>The call's outcome as <see cref="SendOutcome"/> (its reference is Twilio's call SID).</summary>
    public Task<SendOutcome> PlaceAsync(string to, string voicePath, string statusPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (twilio is null)
        {
            return Task.FromResult<SendOutcome>(new SendOutcome.Sent($"dev-{Guid.NewGuid():N}"));
        }
        return SendOutcome.OfAsync(() => twilio.PlaceCallAsync(to, urls.For(voicePath), urls.For(statusPath), cancellationToken));
    }
}
