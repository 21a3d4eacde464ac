using Dashboard.Data;
using Dashboard.Features.Callbacks.Deadlines;
using Dashboard.Features.Escalation;
using Dashboard.Features.History;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.AccountManagement.Tenants;

/// <summary>How a tenant is doing right now and over the last week, as the tenants list shows it.</summary>
public sealed record TenantHealth(
    int OpenUrgent, int UnacknowledgedTooLong, double? AcknowledgeP50Minutes, double? AcknowledgeP90Minutes, int ExhaustedLastWeek)
{
    public static readonly TenantHealth Quiet = new(0, 0, null, null, 0);

    /// <summary>Callbacks (折り返し) over the same window.</summary>
    public CallbackFigures Callbacks { get; init; } = CallbackFigures.None;
}

/// <summary>
/// Time to callback (received → the first reached callback, <c>Message.CalledBackAt</c>) of the messages received in the
/// window, per urgency, the outcomes of the callback attempts made in the window, and how many callbacks are overdue now.
/// </summary>
public sealed record CallbackFigures(CallbackTimes Emergency, CallbackTimes Urgent, CallbackTimes Normal, CallbackOutcomes Outcomes)
{
    public static readonly CallbackFigures None = new(CallbackTimes.None, CallbackTimes.None, CallbackTimes.None, CallbackOutcomes.None);

    /// <summary>
    /// Messages whose callback deadline (decision 20) has passed with nobody reached and the message not resolved: a
    /// figure of now, whatever the window, like the open urgent count.
    /// </summary>
    public int Overdue { get; init; }

    public CallbackTimes For(Urgency urgency) => urgency switch
    {
        Urgency.Emergency => Emergency,
        Urgency.Urgent => Urgent,
        _ => Normal,
    };
}

/// <summary>How many messages were called back, and how long after receipt (minutes; null when none were).</summary>
public sealed record CallbackTimes(int CalledBack, double? P50Minutes, double? P90Minutes)
{
    public static readonly CallbackTimes None = new(0, null, null);
}

/// <summary>Callback attempts by outcome (話せた / 不在・留守電 / 話し中 / 番号違い).</summary>
public sealed record CallbackOutcomes(int Reached, int NoAnswer, int Busy, int WrongNumber)
{
    public static readonly CallbackOutcomes None = new(0, 0, 0, 0);

    public int Count(CallbackOutcome outcome) => outcome switch
    {
        CallbackOutcome.Reached => Reached,
        CallbackOutcome.NoAnswer => NoAnswer,
        CallbackOutcome.Busy => Busy,
        _ => WrongNumber,
    };
}

/// <summary>
/// The health figures of many tenants at once: one query per figure set, grouped by tenant, never one per tenant.
/// Time to acknowledge counts the urgent and emergency messages received in the window and acknowledged since.
/// </summary>
public sealed class TenantHealthQuery(TimeProvider time, IOptions<AccountManagementOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    private static readonly Urgency[] Escalating = [Urgency.Urgent, Urgency.Emergency];

    /// <summary>The tenant's local day on which the figures' window starts (the history filter the figures link to is by local day).</summary>
    public static DateOnly WindowStartDay(Tenant tenant, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now - Window, HistoryRequest.ZoneOf(tenant)).DateTime);

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
                // Beside the open urgent count: the urgent and emergency messages among them waiting too long (a Normal
                // message waits for its e-mail report, it is not late).
                TooLong = g.Count(m => Escalating.Contains(m.Urgency) && m.ReceivedAt < tooOld),
            })
            .ToDictionaryAsync(x => x.TenantId, cancellationToken);

        var exhausted = await db.MessageEscalations.AsNoTracking()
            .Where(e => ids.Contains(e.TenantId) && e.State == EscalationState.Exhausted && e.EndedAt >= since)
            .GroupBy(e => e.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.TenantId, x => x.Count, cancellationToken);

        var acknowledge = await AcknowledgePercentilesAsync(db, ids, since, cancellationToken);
        var callbacks = await CallbackFiguresAsync(db, ids, since, cancellationToken);
        // A running deadline (not ended by a reached callback or the resolution) whose time has passed.
        var overdue = await db.CallbackDeadlines.AsNoTracking()
            .Where(d => ids.Contains(d.TenantId) && d.Stage != DeadlineStage.Ended && d.DueAt < now)
            .GroupBy(d => d.TenantId)
            .Select(g => new { TenantId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.TenantId, x => x.Count, cancellationToken);

        return ids.ToDictionary(id => id, id =>
        {
            var o = open.GetValueOrDefault(id);
            var a = acknowledge.GetValueOrDefault(id);
            return new TenantHealth(o?.Urgent ?? 0, o?.TooLong ?? 0, a?.P50Seconds / 60, a?.P90Seconds / 60, exhausted.GetValueOrDefault(id))
            {
                Callbacks = callbacks.GetValueOrDefault(id, CallbackFigures.None) with { Overdue = overdue.GetValueOrDefault(id) },
            };
        });
    }

    /// <summary>
    /// Time to callback per tenant and urgency (only messages called back have a time; percentile_cont ignores the rest),
    /// and the window's callback attempts per outcome. Raw SQL for the percentiles, so the visible set is applied first.
    /// </summary>
    private static async Task<Dictionary<Guid, CallbackFigures>> CallbackFiguresAsync(
        AppDbContext db, Guid[] ids, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var visible = ids.Where(db.Tenant.CanSee).ToArray();
        var times = await db.Database.SqlQuery<CallbackTimeRow>($"""
            SELECT "TenantId", "Urgency", count(*)::int AS "CalledBack",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "CalledBackAt" - "ReceivedAt")::double precision) AS "P50Seconds",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "CalledBackAt" - "ReceivedAt")::double precision) AS "P90Seconds"
            FROM "Messages"
            WHERE "TenantId" = ANY({visible}) AND "ReceivedAt" >= {since} AND "CalledBackAt" IS NOT NULL
            GROUP BY "TenantId", "Urgency"
            """).ToListAsync(cancellationToken);
        var outcomes = await db.Callbacks.AsNoTracking()
            .Where(c => ids.Contains(c.TenantId) && c.CalledAt >= since)
            .GroupBy(c => new { c.TenantId, c.Outcome })
            .Select(g => new { g.Key.TenantId, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(cancellationToken);

        CallbackTimes Times(Guid tenant, Urgency urgency) =>
            times.FirstOrDefault(t => t.TenantId == tenant && t.Urgency == (int)urgency) is { } row
                ? new CallbackTimes(row.CalledBack, row.P50Seconds / 60, row.P90Seconds / 60)
                : CallbackTimes.None;
        int Outcome(Guid tenant, CallbackOutcome outcome) =>
            outcomes.FirstOrDefault(o => o.TenantId == tenant && o.Outcome == outcome)?.Count ?? 0;
        return ids.ToDictionary(id => id, id => new CallbackFigures(
            Times(id, Urgency.Emergency), Times(id, Urgency.Urgent), Times(id, Urgency.Normal),
            new CallbackOutcomes(Outcome(id, CallbackOutcome.Reached), Outcome(id, CallbackOutcome.NoAnswer),
                Outcome(id, CallbackOutcome.Busy), Outcome(id, CallbackOutcome.WrongNumber))));
    }

    private sealed record CallbackTimeRow(Guid TenantId, int Urgency, int CalledBack, double P50Seconds, double P90Seconds);

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
