using Dashboard.Data;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// Moves a bridge call forward, for Twilio's webhooks and the development outbox alike. Each step is a conditional update
/// (forward only), so a callback that arrives twice or late changes nothing; the caller's leg becomes one callback through
/// <see cref="FollowUpService"/> (keyed by the bridge, so it is recorded once) and every watcher sees it live.
/// The context comes from the caller's scope: the tenant query filter hides another tenant's bridge (null: 404).
/// </summary>
public sealed class BridgeOutcomes(IDbContextFactory<AppDbContext> dbFactory, FollowUpService followUps, TimeProvider time)
{
    /// <summary>The staff member answered: the caller is dialled next. Returns the bridge, or null when it is not visible.</summary>
    public async Task<BridgeCall?> StaffAnsweredAsync(Guid bridgeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.BridgeCalls.Where(b => b.Id == bridgeId && b.State == BridgeCallState.CallingStaff)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BridgeCallState.DiallingCaller).SetProperty(b => b.StaffAnsweredAt, now), cancellationToken);
        return await db.BridgeCalls.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
    }

    /// <summary>Whether the bridge is visible in this scope (another tenant's is not).</summary>
    public async Task<bool> ExistsAsync(Guid bridgeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BridgeCalls.AnyAsync(b => b.Id == bridgeId, cancellationToken);
    }

    /// <summary>
    /// The staff member's phone did not answer, was busy or failed: the caller was never dialled, so nothing is recorded on
    /// the message (it would say the caller did not answer); the bridge keeps why, and the button shows it.
    /// </summary>
    public async Task<bool> StaffNotReachedAsync(Guid bridgeId, string callStatus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callStatus);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var problem = callStatus[..Math.Min(callStatus.Length, 500)];
        await db.BridgeCalls.Where(b => b.Id == bridgeId && b.State == BridgeCallState.CallingStaff)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BridgeCallState.StaffNotReached)
                .SetProperty(b => b.Problem, problem).SetProperty(b => b.FinishedAt, now), cancellationToken);
        return await db.BridgeCalls.AnyAsync(b => b.Id == bridgeId, cancellationToken);
    }

    /// <summary>
    /// The caller's leg ended (<see cref="DialOutcome"/>): one callback, by the staff member, channel Bridged, with the
    /// duration when it connected. Null when the bridge is not visible; the result says AlreadyRecorded for a repeat.
    /// </summary>
    public async Task<DialResult?> DialFinishedAsync(Guid bridgeId, string? dialCallStatus, int? durationSeconds, CancellationToken cancellationToken)
    {
        BridgeCall? bridge;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            bridge = await db.BridgeCalls.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bridgeId, cancellationToken);
        }
        if (bridge is null)
        {
            return null;
        }
        FollowUpResult? recorded = null;
        if (DialOutcome.For(dialCallStatus) is { } outcome)
        {
            var duration = outcome == CallbackOutcome.Reached && durationSeconds is >= 0 ? durationSeconds : null;
            var callback = new FollowUpValidator.ValidCallback(outcome, DialOutcome.NoteFor(dialCallStatus!), bridge.StaffAnsweredAt, duration);
            recorded = await followUps.RecordCallbackAsync(bridge.MessageId, callback, new Actor(bridge.UserId, bridge.UserName, ChangeChannel.Dashboard),
                CallbackChannel.Bridged, cancellationToken, SourceReference(bridge.Id));
        }
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            var status = dialCallStatus is null ? "" : dialCallStatus[..Math.Min(dialCallStatus.Length, 32)];
            await db.BridgeCalls.Where(b => b.Id == bridgeId && b.DialStatus == null)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BridgeCallState.Finished).SetProperty(b => b.DialStatus, status)
                    .SetProperty(b => b.DialDurationSeconds, durationSeconds).SetProperty(b => b.FinishedAt, now), cancellationToken);
        }
        return new DialResult(bridge, recorded);
    }

    /// <summary>The key the bridge's callback is recorded under: one callback per bridge, however often Twilio reports it.</summary>
    public static string SourceReference(Guid bridgeId) => $"bridge:{bridgeId:D}";
}

/// <summary>The bridge and what came of its callback (null: the status said nothing about the caller).</summary>
public sealed record DialResult(BridgeCall Bridge, FollowUpResult? Callback);
