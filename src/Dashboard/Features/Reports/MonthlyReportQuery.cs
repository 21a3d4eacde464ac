using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Reports;

/// <summary>
/// Computes a <see cref="MonthlyReport"/> with aggregates in PostgreSQL: one pass over the month's messages for every
/// count (GROUPING SETS), an index-only pass over six months of urgent calls for the response times, and two small
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

        var counts = await db.Database.SqlQuery<CountRow>($"""
            SELECT CASE WHEN GROUPING(d) = 0 THEN 0 WHEN GROUPING(h) = 0 THEN 1 WHEN GROUPING(f) = 0 THEN 2 ELSE 3 END AS "Set",
                   COALESCE(d::text, h::text, f, a) AS "Key", u AS "Urgency", count(*)::int AS "Count"
            FROM (SELECT extract(day FROM "ReceivedAt" AT TIME ZONE {tz})::int AS d, extract(hour FROM "ReceivedAt" AT TIME ZONE {tz})::int AS h,
                         "ForWhom" AS f, "AcknowledgedBy" AS a, "Urgency" AS u
                  FROM "Messages" WHERE "TenantId" = {id} AND "ReceivedAt" >= {from} AND "ReceivedAt" < {to}) AS m
            GROUP BY GROUPING SETS ((d, u), (h, u), (f), (a))
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
        var escalations = await db.Database.SqlQuery<EscalationRow>($"""
            SELECT count(*)::int AS "Started", count(*) FILTER (WHERE "State" = {exhausted})::int AS "Exhausted",
                   (SELECT count(*)::int FROM "MessageEscalations" e JOIN "MessageEvents" ev ON ev."MessageId" = e."MessageId"
                    WHERE e."TenantId" = {id} AND e."StartedAt" >= {from} AND e."StartedAt" < {to}
                      AND ev."Kind" = {(int)MessageEventKind.EscalationStep}) AS "StepsRun"
            FROM "MessageEscalations" WHERE "TenantId" = {id} AND "StartedAt" >= {from} AND "StartedAt" < {to}
            """).SingleAsync(cancellationToken);

        return Assemble(tenant, month, from, to, counts, trend, new EscalationFigures(escalations.Started, escalations.StepsRun, escalations.Exhausted));
    }

    private static MonthlyReport Assemble(
        Tenant tenant, ReportMonth month, DateTimeOffset from, DateTimeOffset to, List<CountRow> counts, List<TrendRow> trend, EscalationFigures escalations)
    {
        int[,] days = new int[month.DayCount + 1, 3], hours = new int[24, 3];
        var forWhom = new List<NamedCount>();
        var acknowledgedBy = new List<NamedCount>();
        foreach (var row in counts)
        {
            switch (row.Set)
            {
                case 0 when row.Key is { } day && row.Urgency is { } u:
                    days[int.Parse(day, System.Globalization.CultureInfo.InvariantCulture), u] += row.Count;
                    break;
                case 1 when row.Key is { } hour && row.Urgency is { } u:
                    hours[int.Parse(hour, System.Globalization.CultureInfo.InvariantCulture), u] += row.Count;
                    break;
                case 2:
                    forWhom.Add(new NamedCount(row.Key ?? "", row.Count));
                    break;
                case 3 when row.Key is { } name:
                    acknowledgedBy.Add(new NamedCount(name, row.Count));
                    break;
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
            TopWithOthers(forWhom), new ResponseTimes(current.Count, current.Responded, current.P50Seconds, current.P90Seconds),
            trendMonths, escalations,
            [.. acknowledgedBy.OrderByDescending(a => a.Count).ThenBy(a => a.Name, StringComparer.Ordinal)],
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

    private sealed record CountRow(int Set, string? Key, int? Urgency, int Count);

    private sealed record TrendRow(string Month, int Count, int Responded, double? P50Seconds, double? P90Seconds,
        int CalledBack, double? CallbackP50Seconds, double? CallbackP90Seconds);

    private sealed record EscalationRow(int Started, int StepsRun, int Exhausted);
}
