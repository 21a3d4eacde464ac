using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Phone;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// 「折り返す」 for the signed-in staff member: whether they can (their contact's phone, the tenant's caller ID, the
/// message's number) and starting it: a bridge row, then a call to their own phone through the phone channel, whose
/// webhooks (<see cref="BridgeWebhooks"/>) dial the caller once they answer.
/// </summary>
public sealed class BridgeCalls(IDbContextFactory<AppDbContext> dbFactory, CurrentActor currentActor, OutboundCalls calls, TimeProvider time,
    ILogger<BridgeCalls> logger)
{
    /// <summary>A press while the previous bridge of the same person and message is this young and still going is refused: no double calls.</summary>
    public static readonly TimeSpan StillGoing = TimeSpan.FromMinutes(2);

    public async Task<BridgeAvailability> AvailabilityAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AvailabilityAsync(db, messageId, actor, cancellationToken);
    }

    public async Task<BridgeStart> StartAsync(Guid messageId, CancellationToken cancellationToken)
    {
        var actor = await currentActor.GetAsync();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var availability = await AvailabilityAsync(db, messageId, actor, cancellationToken);
        if (availability.Blocked is { } reason)
        {
            return new BridgeStart(null, reason, null);
        }
        var now = time.GetUtcNow();
        if (availability.Latest is { State: BridgeCallState.CallingStaff or BridgeCallState.DiallingCaller } going && now - going.CreatedAt < StillGoing)
        {
            return new BridgeStart(going, BridgeBlocked.AlreadyCalling, null);
        }
        var bridge = new BridgeCall
        {
            TenantId = availability.TenantId, MessageId = messageId, UserId = actor.UserId!.Value, UserName = actor.Name,
            StaffNumber = availability.StaffNumber!, Language = availability.Language, CallerNumber = availability.CallerNumber,
            CallerId = availability.CallerId!, State = BridgeCallState.CallingStaff, CreatedAt = now,
        };
        db.BridgeCalls.Add(bridge);
        await db.SaveChangesAsync(cancellationToken);

        var outcome = await calls.PlaceAsync(bridge.StaffNumber, BridgeWebhookPaths.Voice(bridge.TenantId, bridge.Id),
            BridgeWebhookPaths.Status(bridge.TenantId, bridge.Id), cancellationToken);
        switch (outcome)
        {
            case SendOutcome.Sent sent:
                bridge.CallSid = sent.ProviderReference;
                break;
            case SendOutcome.Unknown unknown:
                // The call may have been placed: its webhooks can still move the bridge on, so it stays "calling".
                logger.LogWarning("Bridge call {BridgeId}: Twilio's answer is unknown: {Reason}", bridge.Id, unknown.Reason);
                bridge.Problem = Trim(unknown.Reason);
                break;
            default:
                logger.LogWarning("Bridge call {BridgeId} was not placed: {Reason}", bridge.Id, outcome.Reason);
                bridge.State = BridgeCallState.StaffNotReached;
                bridge.Problem = Trim(outcome.Reason);
                bridge.FinishedAt = now;
                break;
        }
        // Only if no webhook moved it meanwhile (Twilio may call back before its own answer arrives here).
        await db.BridgeCalls.Where(b => b.Id == bridge.Id && b.State == BridgeCallState.CallingStaff)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.CallSid, bridge.CallSid).SetProperty(b => b.Problem, bridge.Problem)
                .SetProperty(b => b.State, bridge.State).SetProperty(b => b.FinishedAt, bridge.FinishedAt), cancellationToken);
        return new BridgeStart(bridge, bridge.State == BridgeCallState.StaffNotReached ? BridgeBlocked.CallFailed : null, outcome.Reason);
    }

    private static async Task<BridgeAvailability> AvailabilityAsync(AppDbContext db, Guid messageId, Actor actor, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().Where(m => m.Id == messageId)
            .Select(m => new { m.TenantId, m.CallbackNumber }).FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return new BridgeAvailability(BridgeBlocked.NotFound, default, null, "ja", "", null, null);
        }
        var contact = actor.UserId is { } userId
            ? await db.Contacts.AsNoTracking().Where(c => c.TenantId == message.TenantId && c.UserId == userId && c.IsActive)
                .Select(c => new { c.Phone, c.Language }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var callerId = await db.OutgoingCallerIds.AsNoTracking().Where(c => c.TenantId == message.TenantId).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
        var latest = actor.UserId is { } id
            ? await db.BridgeCalls.AsNoTracking().Where(b => b.MessageId == messageId && b.UserId == id).OrderByDescending(b => b.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            : null;
        BridgeBlocked? blocked = contact is null ? BridgeBlocked.NoContact
            : string.IsNullOrWhiteSpace(contact.Phone) ? BridgeBlocked.NoPhone
            : string.IsNullOrWhiteSpace(message.CallbackNumber) ? BridgeBlocked.NoCallbackNumber
            : callerId is null ? BridgeBlocked.NoCallerId
            : null;
        return new BridgeAvailability(blocked, message.TenantId, contact?.Phone, contact?.Language ?? "ja", message.CallbackNumber, callerId, latest);
    }

    private static string? Trim(string? text) => text is null ? null : text[..Math.Min(text.Length, 500)];
}

/// <summary>Why 「折り返す」 cannot be used (each has its explanation beside the button).</summary>
public enum BridgeBlocked
{
    NotFound,
    /// <summary>The signed-in user has no contact in the message's tenant (operators, account managers, unlinked staff).</summary>
    NoContact,
    NoPhone,
    NoCallbackNumber,
    NoCallerId,
    AlreadyCalling,
    CallFailed,
}

/// <summary>Whether the user can bridge this message, and their latest bridge of it (to show how it went).</summary>
public sealed record BridgeAvailability(BridgeBlocked? Blocked, Guid TenantId, string? StaffNumber, string Language, string CallerNumber, string? CallerId,
    BridgeCall? Latest);

/// <summary>The bridge started (or the one still going), or why not.</summary>
public sealed record BridgeStart(BridgeCall? Bridge, BridgeBlocked? Blocked, string? Reason);
