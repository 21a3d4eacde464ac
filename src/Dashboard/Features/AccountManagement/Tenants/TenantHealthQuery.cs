using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.AccountManagement.Tenants;

/// <summary>How a tenant is doing right now and over the last week, as the tenants list shows it.</summary>
public sealed record TenantHealth(
    int OpenUrgent, int UnacknowledgedTooLong, double? AcknowledgeP50Minutes, double? AcknowledgeP90Minutes, int ExhaustedLastWeek)
{
    public static readonly TenantHealth Quiet = new(0, 0, null, null, 0);
}

/// <summary>
/// The health figures of many tenants at once: one query per figure set, grouped by tenant, never one per tenant.
/// Time to acknowledge counts the urgent and emergency messages received in the window and acknowledged since.
/// </summary>
public sealed class TenantHealthQuery(TimeProvider time, IOptions<AccountManagementOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    private static readonly Urgency[] Escalating = [Urgency.Urgent, Urgency.Emergency];

    public TimeSpan UnacknowledgedAfter => TimeSpan.FromMinutes(options.Value.UnacknowledgedAfterMinutes);

    /// <summary>Figures for the given tenants; the context's query filters still apply, so only visible tenants count.</summary>
    public async Task<IReadOnlyDictionary<Guid, TenantHealth>> ForAsync(AppDbContext db, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = tenantIds.ToArray();
        var now = time.GetUtcNow();
        var tooOld = now - UnacknowledgedAfter;
        var since = now - Window;

        var open = await db.Messages.AsNoTracking()
            .Where(m => ids.Contains(m.TenantId) && m.Status == MessageStatus.New)
            .GroupBy(m => m.TenantId)
            .Select(g => new
            {
                TenantId = g.Key,
                Urgent = g.Count(m => Escalating.Contains(m.Urgency)),
                TooLong = g.Count(m => m.ReceivedAt < tooOld),
            })
            .ToDictionaryAsync(x => x.TenantId, cancellationToken);

        var exhausted = await db.MessageEscalations.AsNoTracking()
            .Where(e => ids.Contains(e.TenantId) && e.State == EscalationState.Exhausted && e.EndedAt >= since)
            .GroupBy(e => e.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.TenantId, x => x.Count, cancellationToken);

        var acknowledge = await AcknowledgePercentilesAsync(db, ids, since, cancellationToken);

        return ids.ToDictionary(id => id, id =>
        {
            var o = open.GetValueOrDefault(id);
            var a = acknowledge.GetValueOrDefault(id);
            return new TenantHealth(o?.Urgent ?? 0, o?.TooLong ?? 0, a?.P50Seconds / 60, a?.P90Seconds / 60, exhausted.GetValueOrDefault(id));
        });
    }

    /// <summary>
    /// percentile_cont has no LINQ translation, so this one is SQL. The tenant filter is explicit because raw SQL
    /// bypasses the query filters: only ids that are visible reach here (and the filtered query above would show
    /// nothing for others anyway), so the visible set is applied first.
    /// </summary>
    private static async Task<Dictionary<Guid, AcknowledgeRow>> AcknowledgePercentilesAsync(
        AppDbContext db, Guid[] ids, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var visible = ids.Where(db.Tenant.CanSee).ToArray();
        var urgent = Escalating.Select(u => (int)u).ToArray();
        var rows = await db.Database.SqlQuery<AcknowledgeRow>($"""
            SELECT "TenantId",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "AcknowledgedAt" - "ReceivedAt")::double precision) AS "P50Seconds",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "AcknowledgedAt" - "ReceivedAt")::double precision) AS "P90Seconds"
            FROM "Messages"
            WHERE "TenantId" = ANY({visible}) AND "ReceivedAt" >= {since} AND "AcknowledgedAt" IS NOT NULL AND "Urgency" = ANY({urgent})
            GROUP BY "TenantId"
            """).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.TenantId);
    }

    private sealed record AcknowledgeRow(Guid TenantId, double P50Seconds, double P90Seconds);
}
