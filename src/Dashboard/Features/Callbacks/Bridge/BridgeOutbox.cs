using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// The development outbox for bridge calls (/dev/outbox/bridge): without Twilio nothing rings, so the page plays Twilio,
/// moving each bridge through the same <see cref="BridgeOutcomes"/> steps its webhooks use.
/// </summary>
public sealed class BridgeOutbox(IDbContextFactory<AppDbContext> dbFactory, BridgeOutcomes outcomes)
{
    public sealed record Row(BridgeCall Bridge, string Subject);

    /// <summary>The newest bridges the reader may see.</summary>
    public async Task<List<Row>> RecentAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from b in db.BridgeCalls.AsNoTracking()
                      join m in db.Messages on b.MessageId equals m.Id
                      orderby b.CreatedAt descending
                      select new Row(b, m.Subject)).Take(100).ToListAsync(cancellationToken);
    }

    public Task StaffAnswersAsync(Guid bridgeId, CancellationToken cancellationToken) => outcomes.StaffAnsweredAsync(bridgeId, cancellationToken);

    public Task StaffMissesAsync(Guid bridgeId, CancellationToken cancellationToken) => outcomes.StaffNotReachedAsync(bridgeId, "no-answer", cancellationToken);

    /// <summary>The caller's leg ends with <paramref name="dialCallStatus"/>; both legs are answered first if they were not.</summary>
    public async Task DialEndsAsync(Guid bridgeId, string dialCallStatus, int? durationSeconds, CancellationToken cancellationToken)
    {
        await outcomes.StaffAnsweredAsync(bridgeId, cancellationToken);
        await outcomes.DialFinishedAsync(bridgeId, dialCallStatus, durationSeconds, cancellationToken);
    }
}
