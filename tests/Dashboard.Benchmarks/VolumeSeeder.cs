using System.Diagnostics;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// A year of history, the messages streamed by binary COPY from this process (<see cref="MessageRows"/>), their timeline
/// events and attempts derived server-side with INSERT ... SELECT: one big tenant with
/// <c>perDay</c> messages a day, the other tenants sharing the rest of <c>total</c>, one timeline event per message
/// (plus an acknowledgement for urgent ones and a "seen" on one in ten), two attempts per urgent message, and the newest <c>open</c> messages of
/// the big tenant left open. Secondary indexes are dropped for the load and rebuilt after, then VACUUM ANALYZE, so the
/// figures are those of a database autovacuum has caught up with.
/// </summary>
internal static class VolumeSeeder
{
    public sealed record Scale(int Days, int PerDay, int OtherTenants, long Total, int Open)
    {
        public static Scale Of(Options options) =>
            new(options.VolumeDays, options.VolumePerDay, options.VolumeTenants, options.VolumeTotal, options.VolumeOpen);

        public long BigTenant => (long)Days * PerDay;

        public long PerOtherTenant => OtherTenants == 0 ? 0 : Math.Max(0, Total - BigTenant) / OtherTenants;
    }

    private static readonly string[] Tables = ["Messages", "MessageEvents", "NotificationAttempts"];

    public static async Task<TimeSpan> SeedAsync(string connectionString, Guid bigTenant, Scale scale, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        var watch = Stopwatch.StartNew();
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        async Task RunAsync(string what, string sql, params object[] values)
        {
            var step = Stopwatch.StartNew();
            await using var command = dataSource.CreateCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            var rows = await command.ExecuteNonQueryAsync(cancellationToken);
            progress($"{what}: {(rows >= 0 ? $"{rows:N0} rows, " : "")}{step.Elapsed.TotalSeconds:0.0} s");
        }

        var indexes = new List<string>();
        var names = new List<string>();
        await using (var read = dataSource.CreateCommand("""
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename = ANY($1) AND indexname NOT LIKE 'PK_%'
            """))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = Tables });
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
                indexes.Add(reader.GetString(1));
                progress($"  index to rebuild: {reader.GetString(0)}");
            }
        }
        await RunAsync("drop secondary indexes", string.Join(";\n", names.Select(n => $"DROP INDEX \"{n}\"")));

        await RunAsync("other tenants", """
            INSERT INTO "Tenants" ("Id", "Slug", "DisplayName", "TimeZoneId", "IsActive")
            SELECT gen_random_uuid(), 'bench-other-' || n, 'ベンチ他社 ' || n, 'Asia/Tokyo', true FROM generate_series(1, $1) AS n
            """, scale.OtherTenants);

        // The messages stream from this process with binary COPY, their search columns computed here (SearchColumns, the
        // same definition as message_search_text and search_grams) while the row trigger is off: computed by the database
        // they cost ~1,600 rows a second on the busy machine. A sample is checked against the trigger's functions below.
        await RunAsync("search trigger off for the load", """ALTER TABLE "Messages" DISABLE TRIGGER "Messages_Search" """);
        var now = await ScalarAsync<DateTime>(dataSource, "SELECT now()", cancellationToken);
        var otherIds = new List<Guid>();
        await using (var read = dataSource.CreateCommand("""SELECT "Id" FROM "Tenants" WHERE "Slug" LIKE 'bench-other-%' ORDER BY "Slug" """))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                otherIds.Add(reader.GetGuid(0));
            }
        }
        // The big tenant's two halves and the other tenants (in two groups) are independent: four connections, so the
        // client's text work and the server's inserts use both cores.
        var half = scale.BigTenant / 2;
        var parts = new List<MessageRows>
        {
            new(bigTenant, true, 1, half, scale.BigTenant),
            new(bigTenant, true, half + 1, scale.BigTenant, scale.BigTenant),
        };
        if (scale.PerOtherTenant > 0)
        {
            parts.Add(new MessageRows(Guid.Empty, false, 1, scale.PerOtherTenant, scale.PerOtherTenant) { Tenants = otherIds.Where((_, n) => n % 2 == 0).ToList() });
            parts.Add(new MessageRows(Guid.Empty, false, 1, scale.PerOtherTenant, scale.PerOtherTenant) { Tenants = otherIds.Where((_, n) => n % 2 == 1).ToList() });
        }
        var load = Stopwatch.StartNew();
        var copied = await Task.WhenAll(parts.Select(part => Task.Run(async () =>
        {
            var step = Stopwatch.StartNew();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var rows = part.Copy(connection, now, scale, cancellationToken);
            progress($"messages {(part.Big ? $"of the big tenant {part.From:N0}-{part.To:N0}" : $"of {part.Tenants.Count} other tenants")}: {rows:N0} rows by COPY, {step.Elapsed.TotalSeconds:0.0} s");
            return rows;
        }, cancellationToken)));
        progress($"messages loaded: {copied.Sum():N0} in {load.Elapsed.TotalSeconds:0.0} s, {copied.Sum() / load.Elapsed.TotalSeconds:N0} rows/s");
        await RunAsync("search trigger on again", """ALTER TABLE "Messages" ENABLE TRIGGER "Messages_Search" """);
        await CheckSearchColumnsAsync(dataSource, progress, cancellationToken);
        await RunAsync("timeline: created", """
            INSERT INTO "MessageEvents" ("TenantId", "MessageId", "Kind", "At", "ActorName", "Channel")
            SELECT "TenantId", "Id", 0, "ReceivedAt", 'bench', 1 FROM "Messages"
            """);
        await RunAsync("timeline: urgent acknowledged", """
            INSERT INTO "MessageEvents" ("TenantId", "MessageId", "Kind", "At", "ActorName", "Channel")
            SELECT "TenantId", "Id", 2, "AcknowledgedAt", 'スタッフ', 0 FROM "Messages" WHERE "Urgency" <> 0 AND "AcknowledgedAt" IS NOT NULL
            """);
        // "Seen by" (one staff member opened it) on one message in ten: the feed's SeenBy subquery reads these.
        await RunAsync("timeline: seen", """
            INSERT INTO "MessageEvents" ("TenantId", "MessageId", "Kind", "At", "ActorName", "Channel", "ActorUserId")
            SELECT "TenantId", "Id", 1, "ReceivedAt" + interval '1 minute', 'スタッフ', 0, gen_random_uuid() FROM "Messages" WHERE hashtext("Id"::text) % 10 = 0
            """);
        await RunAsync("attempts: two per urgent message", """
            INSERT INTO "NotificationAttempts" ("Id", "TenantId", "MessageId", "RecipientName", "Address", "Channel", "Language",
                "Round", "StepIndex", "Status", "Tries", "SentAt", "CreatedAt", "UpdatedAt")
            SELECT gen_random_uuid(), "TenantId", "Id", 'リーダー', 'lead@example.com', 1, 'ja', 0, step, 2, 1,
                "ReceivedAt" + step * interval '1 minute', "ReceivedAt" + step * interval '1 minute', "ReceivedAt" + step * interval '1 minute'
            FROM "Messages", generate_series(0, 1) AS step WHERE "Urgency" <> 0
            """);
        // The search index (GIN, built by one process) beside the others, on two connections.
        static bool IsGin(string definition) => definition.Contains("USING gin", StringComparison.OrdinalIgnoreCase);
        await Task.WhenAll(
            RunAsync("rebuild the search index", "SET maintenance_work_mem = '1GB';\n" + string.Join(";\n", indexes.Where(IsGin))),
            RunAsync("rebuild the other indexes", "SET maintenance_work_mem = '512MB';\n" + string.Join(";\n", indexes.Where(i => !IsGin(i)))));
        foreach (var table in Tables.Append("Tenants"))
        {
            await RunAsync($"VACUUM ANALYZE {table}", $"VACUUM ANALYZE \"{table}\"");
        }
        // Written last: a database whose seeding stopped half-way holds no sizes, so it is never reused.
        await RunAsync("table for the sizes", $"CREATE TABLE IF NOT EXISTS {ScaleTable} (days int, per_day int, other_tenants int, total bigint, open int, escalations boolean NOT NULL DEFAULT false, seeded_at timestamptz, seconds double precision); TRUNCATE {ScaleTable}");
        await RunAsync("sizes recorded for reuse", $"INSERT INTO {ScaleTable} VALUES ($1, $2, $3, $4, $5, false, now(), $6)",
            scale.Days, scale.PerDay, scale.OtherTenants, scale.Total, scale.Open, watch.Elapsed.TotalSeconds);
        return watch.Elapsed;
    }

    /// <summary>Where a seeded database records its sizes (<c>--volume-database</c>: reused only when they match).</summary>
    private const string ScaleTable = "bench_volume_scale";

    /// <summary>The database holds a finished seeding of exactly these sizes.</summary>
    public static async Task<bool> HoldsAsync(string connectionString, Scale scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scale);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        if (await ScalarAsync<long>(dataSource, $"SELECT count(*) FROM pg_tables WHERE tablename = '{ScaleTable}'", cancellationToken) == 0)
        {
            return false;
        }
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {ScaleTable} WHERE days = $1 AND per_day = $2 AND other_tenants = $3 AND total = $4 AND open = $5");
        foreach (var value in new object[] { scale.Days, scale.PerDay, scale.OtherTenants, scale.Total, scale.Open })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>The report section's escalations are in (seeded once, by the first report run on the database).</summary>
    public static async Task<bool> HasEscalationsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await ScalarAsync<bool>(dataSource, $"SELECT coalesce(bool_or(escalations), false) FROM {ScaleTable}", cancellationToken);
    }

    public static async Task MarkEscalationsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand($"UPDATE {ScaleTable} SET escalations = true");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// The seeded search columns against what the app's trigger computes (message_search_text, search_grams) on a sample
    /// of about 10,000 messages: any difference stops the benchmark.
    /// </summary>
    private static async Task CheckSearchColumnsAsync(NpgsqlDataSource dataSource, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE "SearchText" IS DISTINCT FROM message_search_text(m)
                                                 OR "SearchGrams" IS DISTINCT FROM search_grams(message_search_text(m)))
            FROM "Messages" AS m
            WHERE m."Id" IN ((SELECT "Id" FROM "Messages" TABLESAMPLE SYSTEM (1) LIMIT 10000) UNION (SELECT "Id" FROM "Messages" LIMIT 1000))
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (sampled, different) = (reader.GetInt64(0), reader.GetInt64(1));
        progress($"search columns checked against the trigger's functions: {sampled:N0} sampled, {different:N0} different");
        if (sampled == 0 || different > 0)
        {
            throw new InvalidOperationException($"Seeded search columns differ from the trigger's on {different} of {sampled} sampled messages.");
        }
    }
}
