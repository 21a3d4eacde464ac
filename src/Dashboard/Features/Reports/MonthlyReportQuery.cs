using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Reports;

/// <summary>
/// Computes a <see cref="MonthlyReport"/> with aggregates in PostgreSQL: one hashed pass over the month's
/// messages (index-only), an index-only pass over six months of urgent calls for the response times, and two small
/// escalation counts. No message row is loaded. Raw SQL bypasses the query filters, so callers pass a tenant the reader
/// was allowed to see (<see cref="ReportAccess"/>); the tenant is also checked against the context here.
/// </summary>
public sealed class MonthlyReportQuery
{
    public const int TrendMonths = 6;

    /// <summary>For-whom names shown one by one; the rest are summed as one line.</summary>
    public const int ForWhomShown = 15;

    public const string OthersKey = "*";

    public async Task<MonthlyReport> RunAsync(AppDbContext db, Tenant tenant, ReportMonth month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        if (!db.Tenant.CanSee(tenant.Id))
        {
            throw new TenantIsolationException(nameof(MonthlyReport));
        }
        var zone = tenant.TimeZone;
        var from = month.StartIn(zone);
        var to = month.EndIn(zone);
        var trendFrom = month.MinusMonths(TrendMonths - 1).StartIn(zone);
        var tz = tenant.TimeZoneId;
        var id = tenant.Id;

        // One index-only scan of IX_Messages_ReportCounts over the month, hashed in memory into pieces: calls per quarter hour
        // from the month's start (date_bin, cheap) × urgency × for-whom × acknowledged-by (a tenant has a few of each, so
        // a few thousand pieces, never more than the month's calls). Both counts are sums over those pieces: per local day
        // and hour (only the ~3,000 quarters are turned into local time; AT TIME ZONE costs more than the scan when it is
        // done per row: exact because every time zone's offset, and every change of it, falls on a quarter hour, in the tz
        // database since 1972; MonthlyReportTimeZoneTests checks daylight saving and :30/:45 zones), and per for-whom and
        // acknowledged-by pair (summed apart below). Scanning the month once instead of once per count took ~40 % off the
        // statement (decision 28; one GROUPING SETS pass over the table sorted the rows per set and spilled to
        // disk, decision 25).
        var counts = await db.Database.SqlQuery<CountRow>($"""
            WITH pieces AS MATERIALIZED (
                SELECT date_bin('15 minutes', "ReceivedAt", {from}) AS quarter, "Urgency", "ForWhom", "AcknowledgedBy", count(*) AS calls
                FROM "Messages" WHERE "TenantId" = {id} AND "ReceivedAt" >= {from} AND "ReceivedAt" < {to}
                GROUP BY 1, 2, 3, 4)
            SELECT 0 AS "Set", extract(day FROM local)::int AS "Day", extract(hour FROM local)::int AS "Hour", "Urgency",
                   NULL AS "ForWhom", NULL AS "AcknowledgedBy", sum(calls)::int AS "Count"
            FROM (SELECT quarter AT TIME ZONE {tz} AS local, "Urgency", sum(calls) AS calls FROM pieces GROUP BY 1, 2) AS quarters
            GROUP BY 2, 3, 4
            UNION ALL
            SELECT 1, NULL, NULL, NULL, "ForWhom", "AcknowledgedBy", sum(calls)::int FROM pieces GROUP BY "ForWhom", "AcknowledgedBy"
            """).ToListAsync(cancellationToken);

        // "Urgency" <> 0 matches IX_Messages_Escalating's predicate: an index-only scan over the urgent calls alone (it
        // includes AcknowledgedAt and CalledBackAt). Time to callback is received → the first reached callback.
        var trend = await db.Database.SqlQuery<TrendRow>($"""
            SELECT to_char(date_trunc('month', "ReceivedAt" AT TIME ZONE {tz}), 'YYYY-MM') AS "Month",
                   count(*)::int AS "Count", count("AcknowledgedAt")::int AS "Responded",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "AcknowledgedAt" - "ReceivedAt")::double precision) AS "P50Seconds",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "AcknowledgedAt" - "ReceivedAt")::double precision) AS "P90Seconds",
                   count("CalledBackAt")::int AS "CalledBack",
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "CalledBackAt" - "ReceivedAt")::double precision) AS "CallbackP50Seconds",
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "CalledBackAt" - "ReceivedAt")::double precision) AS "CallbackP90Seconds"
            FROM "Messages"
            WHERE "TenantId" = {id} AND "ReceivedAt" >= {trendFrom} AND "ReceivedAt" < {to} AND "Urgency" <> 0
            GROUP BY 1
            """).ToListAsync(cancellationToken);

        var exhausted = (int)EscalationState.Exhausted;
        // The steps are found through IX_MessageEvents_EscalationSteps (Kind = 4, MessageEventKind.EscalationStep): the
        // kind is written out, not a parameter, so that the partial index's predicate matches in any plan, generic too.
        var escalations = await db.Database.SqlQuery<EscalationRow>($"""
            SELECT count(*)::int AS "Started", count(*) FILTER (WHERE "State" = {exhausted})::int AS "Exhausted",
                   (SELECT count(*)::int FROM "MessageEscalations" e JOIN "MessageEvents" ev ON ev."MessageId" = e."MessageId"
                    WHERE e."TenantId" = {id} AND e."StartedAt" >= {from} AND e."StartedAt" < {to}
                      AND ev."Kind" = 4) AS "StepsRun"
            FROM "MessageEscalations" WHERE "TenantId" = {id} AND "StartedAt" >= {from} AND "StartedAt" < {to}
            """).SingleAsync(cancellationToken);

        return Assemble(tenant, month, from, to, counts, trend, new EscalationFigures(escalations.Started, escalations.StepsRun, escalations.Exhausted));
    }

    private static MonthlyReport Assemble(
        Tenant tenant, ReportMonth month, DateTimeOffset from, DateTimeOffset to, List<CountRow> counts, List<TrendRow> trend, EscalationFigures escalations)
    {
        int[,] days = new int[month.DayCount + 1, 3], hours = new int[24, 3];
        var forWhom = new Dictionary<string, int>(StringComparer.Ordinal);
        var acknowledgedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in counts)
        {
            if (row.Set == 0 && row.Day is { } day && row.Hour is { } hour && row.Urgency is { } u)
            {
                days[day, u] += row.Count;
                hours[hour, u] += row.Count;
            }
            else if (row.Set == 1)
            {
                forWhom[row.ForWhom ?? ""] = forWhom.GetValueOrDefault(row.ForWhom ?? "") + row.Count;
                if (row.AcknowledgedBy is { } name)
                {
                    acknowledgedBy[name] = acknowledgedBy.GetValueOrDefault(name) + row.Count;
                }
            }
        }
        var perDay = Enumerable.Range(1, month.DayCount)
            .Select(d => new DayCalls(month.FirstDay.AddDays(d - 1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), days[d, 0], days[d, 1], days[d, 2]))
            .ToList();
        var perHour = Enumerable.Range(0, 24).Select(h => new HourCalls(h, hours[h, 0], hours[h, 1], hours[h, 2])).ToList();
        var calls = new UrgencyCounts(perHour.Sum(h => h.Normal), perHour.Sum(h => h.Urgent), perHour.Sum(h => h.Emergency));

        var byMonth = trend.ToDictionary(t => t.Month);
        List<MonthResponseTimes> Trend(Func<TrendRow, MonthResponseTimes> times) =>
            Enumerable.Range(0, TrendMonths).Reverse().Select(back => month.MinusMonths(back).ToString())
                .Select(m => byMonth.TryGetValue(m, out var t) ? times(t) : new MonthResponseTimes(m, 0, 0, null, null))
                .ToList();
        var trendMonths = Trend(t => new MonthResponseTimes(t.Month, t.Count, t.Responded, Round(t.P50Seconds), Round(t.P90Seconds)));
        var callbackMonths = Trend(t => new MonthResponseTimes(t.Month, t.Count, t.CalledBack, Round(t.CallbackP50Seconds), Round(t.CallbackP90Seconds)));
        var current = trendMonths[^1];
        var currentCallback = callbackMonths[^1];

        return new MonthlyReport(
            tenant.Slug, tenant.DisplayName, month.ToString(), tenant.TimeZoneId, from, to, calls, perDay, perHour,
            TopWithOthers([.. forWhom.Select(f => new NamedCount(f.Key, f.Value))]), new ResponseTimes(current.Count, current.Responded, current.P50Seconds, current.P90Seconds),
            trendMonths, escalations,
            [.. acknowledgedBy.Select(a => new NamedCount(a.Key, a.Value)).OrderByDescending(a => a.Count).ThenBy(a => a.Name, StringComparer.Ordinal)],
            new ResponseTimes(currentCallback.Count, currentCallback.Responded, currentCallback.P50Seconds, currentCallback.P90Seconds),
            callbackMonths);
    }

    /// <summary>The most frequent for-whom names, and one <see cref="OthersKey"/> line for the rest ("" is "nobody named").</summary>
    private static List<NamedCount> TopWithOthers(List<NamedCount> all)
    {
        var ordered = all.OrderByDescending(f => f.Count).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (ordered.Count <= ForWhomShown)
        {
            return ordered;
        }
        return [.. ordered.Take(ForWhomShown), new NamedCount(OthersKey, ordered.Skip(ForWhomShown).Sum(f => f.Count))];
    }

    private static double? Round(double? seconds) => seconds is { } s ? Math.Round(s, 1) : null;

    private sealed record CountRow(int Set, int? Day, int? Hour, int? Urgency, string? ForWhom, string? AcknowledgedBy, int Count);

    private sealed record TrendRow(string Month, int Count, int Responded, double? P50Seconds, double? P90Seconds,
        int CalledBack, double? CallbackP50Seconds, double? CallbackP90Seconds);

    private sealed record EscalationRow(int Started, int StepsRun, int Exhausted);
}
