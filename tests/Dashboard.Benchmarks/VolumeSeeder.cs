using System.Diagnostics;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// A year of history written server-side with generate_series (no rows cross the wire): one big tenant with
/// <c>perDay</c> messages a day, the other tenants sharing the rest of <c>total</c>, one timeline event per message
/// (plus an acknowledgement for urgent ones and a "seen" on one in ten), two attempts per urgent message, and the newest <c>open</c> messages of
/// the big tenant left open. Secondary indexes are dropped for the load and rebuilt after, then VACUUM ANALYZE, so the
/// figures are those of a database autovacuum has caught up with.
/// </summary>
internal static class VolumeSeeder
{
    public sealed record Scale(int Days, int PerDay, int OtherTenants, long Total, int Open)
    {
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

        // i = 1 is the newest; the big tenant's newest `open` Normal messages are New, a few urgent ones too, and one urgent
        // message in 100,000 is acknowledged but never resolved (the board must still show it).
        // The search columns are computed here, set-based, with the same expression as message_search_text (HistorySearch
        // and HistorySearchNotes migrations; a seeded message has no notes or callbacks, which concat_ws skips) and the
        // database's own search_normalize and search_grams, while the row trigger is off: the trigger wrote ~400 rows a
        // second on the busy machine. A sample is checked against the trigger's functions below.
        const string columns = """
            INSERT INTO "Messages" ("Id", "TenantId", "ReceivedAt", "CallerName", "CallerOrganization", "CallbackNumber", "ForWhom",
                "Subject", "Body", "Urgency", "OperatorNote", "OperatorName", "Status", "AcknowledgedAt", "AcknowledgedBy",
                "AcknowledgedVia", "ResolvedAt", "ResolvedBy", "ResolvedVia", "UpdatedAt", "SearchText", "SearchGrams")
            """;
        const string values = """
            SELECT gen_random_uuid(), tenant_id, t, f.caller, f.organization, f.number, f.for_whom, f.subject, f.body, u, f.note, 'bench', s,
                CASE WHEN s > 0 THEN t + interval '3 minutes' END, CASE WHEN s > 0 THEN 'スタッフ' END, CASE WHEN s > 0 THEN 0 END,
                CASE WHEN s = 2 THEN t + interval '30 minutes' END, CASE WHEN s = 2 THEN 'スタッフ' END, CASE WHEN s = 2 THEN 0 END,
                CASE WHEN s = 2 THEN t + interval '30 minutes' WHEN s = 1 THEN t + interval '3 minutes' ELSE t END,
                search.text, search_grams(search.text)
            FROM src,
                LATERAL (SELECT CASE WHEN i % 50 = 0 THEN 2 WHEN i % 20 = 0 THEN 1 ELSE 0 END AS u) AS urgency,
                LATERAL (SELECT CASE
                    WHEN big AND i <= $3 AND (u = 0 OR i % 1000 = 0) THEN 0
                    WHEN u > 0 AND i % 100000 = 0 THEN 1
                    ELSE 2 END AS s) AS status,
                -- Text for search (section 9): 20 surnames (林 in 1 of 20), 7 bodies (水漏 in 1 of 7), a rare organisation (1 in 5,000).
                LATERAL (SELECT
                    (ARRAY['山本','佐藤','鈴木','高橋','田中','伊藤','渡辺','中村','小林','加藤','吉田','山田','佐々木','山口','松本','井上','木村','林','斎藤','清水'])[1 + i % 20] || ' ' || (i % 997) AS caller,
                    CASE WHEN i % 5000 = 0 THEN '林檎農園' ELSE '株式会社サンプル' END AS organization, '+8131234' || lpad((i % 10000)::text, 4, '0') AS number,
                    '院長' AS for_whom, '折り返しのお願い ' || i AS subject,
                    (ARRAY['お電話がありました。折り返しお願いします。','水漏れの件でお電話がありました。','予約の変更をしたいとのことです。','見積もりについて確認したいそうです。',
                        '鍵を閉じ込めたとのことです。','請求書の送付先が変わりました。','担当者から連絡がほしいそうです。'])[1 + i % 7] || i AS body,
                    '' AS note) AS f,
                LATERAL (SELECT search_normalize(concat_ws(E'\n', f.caller, f.organization, f.for_whom, f.subject, f.body, f.note))
                    || E'\n' || ltrim(f.number, '+')
                    || CASE WHEN f.number LIKE '+81%' THEN E'\n0' || substr(f.number, 4) ELSE '' END AS text) AS search
            """;
        await RunAsync("search trigger off for the load", """ALTER TABLE "Messages" DISABLE TRIGGER "Messages_Search" """);
        // The big tenant's two halves and the other tenants are independent: separate connections, so the load uses both cores.
        var half = scale.BigTenant / 2;
        var big = new[] { (From: 1L, To: half), (From: half + 1, To: scale.BigTenant) }.Select(part => RunAsync($"messages of the big tenant {part.From:N0}-{part.To:N0}", $"""
            {columns}
            WITH src AS (
                SELECT $1::uuid AS tenant_id, i, true AS big, now() - interval '1 second' - (interval '1 day' * $4) * i / $2 AS t
                FROM generate_series($5::bigint, $6::bigint) AS i)
            {values}
            """, bigTenant, scale.BigTenant, scale.Open, scale.Days, part.From, part.To)).ToList();
        var others = scale.PerOtherTenant == 0 ? Task.CompletedTask : RunAsync("messages of the other tenants", $"""
            {columns}
            WITH src AS (
                SELECT tn."Id" AS tenant_id, i, false AS big, now() - interval '1 second' - (interval '1 day' * $4) * i / $2 AS t
                FROM (SELECT "Id" FROM "Tenants" WHERE "Slug" LIKE 'bench-other-%') AS tn, generate_series(1, $2::bigint) AS i)
            {values}
            """, Guid.Empty, scale.PerOtherTenant, 0, scale.Days);
        await Task.WhenAll([.. big, others]);
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
        return watch.Elapsed;
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
