using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Reports;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Section 8: a month's report on a year of history (<see cref="VolumeSeeder"/>, plus an escalation with two steps for
/// every urgent message of the big tenant). Measures <see cref="MonthlyReportQuery.RunAsync"/> as the page runs it (a
/// context scoped to the tenant) and <c>GET /api/v1/reports/{tenant}/{month}</c> with the tenant key, for a full month
/// in the middle of the year (cold first sample reported apart), then EXPLAIN (ANALYZE, BUFFERS) of the month's scan.
/// </summary>
internal sealed class ReportBenchmark(BenchHost host, Options options)
{
    public sealed record Result(long Messages, long MonthMessages, double ColdMs, Percentiles Query, Percentiles Api);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var scale = VolumeSeeder.Scale.Of(options);
        if (host.VolumeSeeded)
        {
            Console.WriteLine($"   reusing the seeded database {host.DatabaseName}: {scale.BigTenant:N0} messages for {BenchHost.TenantSlug}, {scale.PerOtherTenant:N0} for each of {scale.OtherTenants} other tenants; load average {Machine.LoadAverage()}");
        }
        else
        {
            Console.WriteLine($"   seeding: {scale.BigTenant:N0} messages for {BenchHost.TenantSlug}, {scale.PerOtherTenant:N0} for each of {scale.OtherTenants} other tenants; load average {Machine.LoadAverage()}");
            var took = await VolumeSeeder.SeedAsync(host.ConnectionString, host.TenantId, scale, line => Console.WriteLine($"     {line}"), cancellationToken);
            Console.WriteLine($"   seeded in {took.TotalMinutes:0.0} min; load average {Machine.LoadAverage()}");
        }
        if (!await VolumeSeeder.HasEscalationsAsync(host.ConnectionString, cancellationToken))
        {
            await SeedEscalationsAsync(cancellationToken);
            await VolumeSeeder.MarkEscalationsAsync(host.ConnectionString, cancellationToken);
        }

        TimeZoneInfo zone;
        await using (var db = Context(t => t.SetSystem()))
        {
            zone = (await db.Tenants.SingleAsync(t => t.Id == host.TenantId, cancellationToken)).TimeZone;
        }
        // A full month well inside the seeded year.
        var month = ReportMonth.Containing(DateTimeOffset.UtcNow, zone).MinusMonths(Math.Max(1, options.VolumeDays / 60));
        var messages = await ScalarAsync("""SELECT count(*) FROM "Messages" """, cancellationToken);
        var monthMessages = await ScalarAsync($"""SELECT count(*) FROM "Messages" WHERE "TenantId" = '{host.TenantId}' AND "ReceivedAt" >= '{month.StartIn(zone):O}' AND "ReceivedAt" < '{month.EndIn(zone):O}'""", cancellationToken);
        Console.WriteLine($"   month {month}: {monthMessages:N0} messages of {BenchHost.TenantSlug} ({messages:N0} in the database)");

        var query = host.Services.GetRequiredService<MonthlyReportQuery>();
        async Task<double> QueryOnceAsync()
        {
            await using var db = Context(t => t.SetTenant(host.TenantId));
            var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == host.TenantId, cancellationToken);
            var watch = Stopwatch.StartNew();
            var report = await query.RunAsync(db, tenant, month, cancellationToken);
            var ms = watch.Elapsed.TotalMilliseconds;
            if (report.Calls.Total != monthMessages)
            {
                throw new InvalidOperationException($"Report counted {report.Calls.Total} calls, the month has {monthMessages}.");
            }
            return ms;
        }
        var cold = await QueryOnceAsync();
        var samples = new List<double>();
        for (var i = 0; i < options.VolumeSamples; i++)
        {
            samples.Add(await QueryOnceAsync());
        }
        using var client = host.CreateClient(BenchHost.TenantKey, 1);
        var api = new List<double>();
        for (var i = 0; i < options.VolumeSamples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(new Uri($"/api/v1/reports/{BenchHost.TenantSlug}/{month}", UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            api.Add(watch.Elapsed.TotalMilliseconds);
        }
        var result = new Result(messages, monthMessages, cold, Percentiles.Of(samples), Percentiles.Of(api));
        Console.WriteLine($"                                   {Percentiles.Header}");
        Console.WriteLine($"     report query (first: {cold:0} ms)  {result.Query.Row()}");
        Console.WriteLine($"     GET /api/v1/reports/...        {result.Api.Row()}");
        Console.WriteLine($"     load average {Machine.LoadAverage()}");
        await ExplainAsync(month, zone, cancellationToken);
        return result;
    }

    /// <summary>Every urgent message of the big tenant escalated: two steps run, one in fifty exhausted (the report's escalation figures).</summary>
    private async Task SeedEscalationsAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var policy = new EscalationPolicy { TenantId = host.TenantId, Name = "bench", CurrentVersion = 1 };
        var version = new EscalationPolicyVersion { TenantId = host.TenantId, PolicyId = policy.Id, Version = 1, Steps = [new() { DelayMinutes = 0, Targets = [] }] };
        policy.Versions.Add(version);
        await using (var db = Context(t => t.SetSystem()))
        {
            db.EscalationPolicies.Add(policy);
            await db.SaveChangesAsync(cancellationToken);
        }
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(host.ConnectionString) { CommandTimeout = 0 }.ConnectionString);
        // One statement per command: a prepared (parameterised) command takes no more.
        foreach (var sql in new[]
        {
            // A seeding of these that stopped half-way (the sizes table says not done) is cleared first, so reuse can redo it.
            """
            DELETE FROM "MessageEvents" WHERE "TenantId" = $1 AND "Kind" = 4 AND "Channel" = 4 AND "ActorName" = 'リーダー' AND $2::uuid IS NOT NULL
            """,
            """
            DELETE FROM "MessageEscalations" WHERE "TenantId" = $1 AND "PolicyVersionId" <> $2
            """,
            """
            INSERT INTO "MessageEscalations" ("MessageId", "TenantId", "PolicyVersionId", "Round", "StepIndex", "NextDueAt", "State", "Sequence", "StartedAt", "EndedAt")
            SELECT "Id", "TenantId", $2, 0, 2, "ReceivedAt" + interval '5 minutes', CASE WHEN hashtext("Id"::text) % 50 = 0 THEN 2 ELSE 1 END, 2,
                   "ReceivedAt", "ReceivedAt" + interval '5 minutes'
            FROM "Messages" WHERE "TenantId" = $1 AND "Urgency" <> 0
            """,
            """
            INSERT INTO "MessageEvents" ("TenantId", "MessageId", "Kind", "At", "ActorName", "Channel")
            SELECT "TenantId", "MessageId", 4, "StartedAt" + step * interval '1 minute', 'リーダー', 4
            FROM "MessageEscalations", generate_series(0, 1) AS step WHERE "TenantId" = $1 AND $2::uuid IS NOT NULL
            """,
        })
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = host.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = version.Id });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var table in new[] { "MessageEscalations", "MessageEvents" })
        {
            // VACUUM too, like the seeder: the figures are those of a database autovacuum has caught up with.
            await using var analyze = dataSource.CreateCommand($"VACUUM ANALYZE \"{table}\"");
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        Console.WriteLine($"     escalations and their steps: {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task ExplainAsync(ReportMonth month, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var from = month.StartIn(zone);
        var to = month.EndIn(zone);
        var trendFrom = month.MinusMonths(MonthlyReportQuery.TrendMonths - 1).StartIn(zone);
        foreach (var (name, sql) in new[]
        {
            ("counts (one hashed pass into pieces, as MonthlyReportQuery sends them)", """
                WITH pieces AS MATERIALIZED (
                    SELECT date_bin('15 minutes', "ReceivedAt", $2) AS quarter, "Urgency", "ForWhom", "AcknowledgedBy", count(*) AS calls
                    FROM "Messages" WHERE "TenantId" = $1 AND "ReceivedAt" >= $2 AND "ReceivedAt" < $3
                    GROUP BY 1, 2, 3, 4)
                SELECT 0 AS "Set", extract(day FROM local)::int AS "Day", extract(hour FROM local)::int AS "Hour", "Urgency",
                       NULL AS "ForWhom", NULL AS "AcknowledgedBy", sum(calls)::int AS "Count"
                FROM (SELECT quarter AT TIME ZONE 'Asia/Tokyo' AS local, "Urgency", sum(calls) AS calls FROM pieces GROUP BY 1, 2) AS quarters
                GROUP BY 2, 3, 4
                UNION ALL
                SELECT 1, NULL, NULL, NULL, "ForWhom", "AcknowledgedBy", sum(calls)::int FROM pieces GROUP BY "ForWhom", "AcknowledgedBy"
                """),
            ("counts, the previous design (two hashed aggregates, decision 25), for comparison", """
                WITH month AS NOT MATERIALIZED (
                    SELECT "ReceivedAt", "Urgency", "ForWhom", "AcknowledgedBy"
                    FROM "Messages" WHERE "TenantId" = $1 AND "ReceivedAt" >= $2 AND "ReceivedAt" < $3)
                SELECT 0 AS "Set", extract(day FROM local)::int AS "Day", extract(hour FROM local)::int AS "Hour", "Urgency",
                       NULL AS "ForWhom", NULL AS "AcknowledgedBy", sum(calls)::int AS "Count"
                FROM (SELECT date_bin('15 minutes', "ReceivedAt", $2) AT TIME ZONE 'Asia/Tokyo' AS local, "Urgency", count(*) AS calls
                      FROM month GROUP BY 1, 2) AS quarters
                GROUP BY 2, 3, 4
                UNION ALL
                SELECT 1, NULL, NULL, NULL, "ForWhom", "AcknowledgedBy", count(*)::int FROM month GROUP BY "ForWhom", "AcknowledgedBy"
                """),
            ("counts, the first design (one pass, GROUPING SETS), for comparison", """
                SELECT count(*) FROM (SELECT extract(day FROM "ReceivedAt" AT TIME ZONE 'Asia/Tokyo')::int AS d, extract(hour FROM "ReceivedAt" AT TIME ZONE 'Asia/Tokyo')::int AS h,
                    "ForWhom" AS f, "AcknowledgedBy" AS a, "Urgency" AS u FROM "Messages" WHERE "TenantId" = $1 AND "ReceivedAt" >= $2 AND "ReceivedAt" < $3) m
                GROUP BY GROUPING SETS ((d, u), (h, u), (f), (a))
                """),
            ("response times, 6 months", """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM "AcknowledgedAt" - "ReceivedAt")) FROM "Messages"
                WHERE "TenantId" = $1 AND "ReceivedAt" >= $4 AND "ReceivedAt" < $3 AND "Urgency" <> 0 GROUP BY date_trunc('month', "ReceivedAt" AT TIME ZONE 'Asia/Tokyo')
                """),
            ("escalation steps", """
                SELECT count(*) FROM "MessageEscalations" e JOIN "MessageEvents" ev ON ev."MessageId" = e."MessageId"
                WHERE e."TenantId" = $1 AND e."StartedAt" >= $2 AND e."StartedAt" < $3 AND ev."Kind" = 4
                """),
        })
        {
            await using var command = new NpgsqlCommand($"EXPLAIN (ANALYZE, BUFFERS) {sql}", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = host.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = from });
            command.Parameters.Add(new NpgsqlParameter { Value = to });
            command.Parameters.Add(new NpgsqlParameter { Value = trendFrom });
            Console.WriteLine($"   plan: {name}");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                Console.WriteLine($"     {reader.GetString(0)}");
            }
        }
    }

    private AppDbContext Context(Action<TenantContext> scope)
    {
        var tenant = new TenantContext();
        scope(tenant);
        return new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).Options, tenant);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
