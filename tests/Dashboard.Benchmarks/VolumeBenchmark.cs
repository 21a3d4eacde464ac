using System.Data.Common;
using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Features.AccountManagement.Tenants;
using Dashboard.Features.Escalation;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// The feed at volume: the same measurements on an empty database and on one <see cref="VolumeSeeder"/> has filled with a
/// year of history, in one run, sample by sample in turns. Feed open is <see cref="LiveFeedState.StartAsync"/> (the exact
/// queries a circuit runs before its first render with data), not a browser; memory is the managed heap held by many
/// started states. A third database holds only the big tenant's last day (its open messages, nothing older): the same
/// window on screen without the year behind it, which tells the cost of history from the cost of the rows a feed holds.
/// Then EXPLAIN (ANALYZE, BUFFERS) of every query the feed, board, console, health page and sweep run.
/// </summary>
internal sealed class VolumeBenchmark(BenchHost emptyHost, BenchHost dayHost, BenchHost host, Options options)
{
    public sealed record Result(string Name, long Messages, Percentiles FeedOpen, Percentiles BoardOpen, Percentiles ManagerOpen,
        Percentiles ApiList, double BytesPerCircuit, int HeldPerCircuit);

    private readonly List<Guid> others = [];

    private BenchHost Host => host;

    public async Task<List<Result>> RunAsync(CancellationToken cancellationToken)
    {
        var scale = VolumeSeeder.Scale.Of(options);
        // The window without the history: the open messages only, received over one day, and two other tenants for the manager.
        var day = new VolumeSeeder.Scale(Days: 1, PerDay: scale.Open, OtherTenants: 2, Total: scale.Open, Open: scale.Open);
        Console.WriteLine($"   seeding one day: {day.BigTenant:N0} open messages for {BenchHost.TenantSlug}, no history");
        await VolumeSeeder.SeedAsync(dayHost.ConnectionString, dayHost.TenantId, day, _ => { }, cancellationToken);
        if (host.VolumeSeeded)
        {
            Console.WriteLine($"   reusing the seeded database {host.DatabaseName}: {scale.BigTenant:N0} messages for {BenchHost.TenantSlug}, {scale.PerOtherTenant:N0} for each of {scale.OtherTenants} other tenants");
        }
        else
        {
            Console.WriteLine($"   seeding: {scale.BigTenant:N0} messages for {BenchHost.TenantSlug} ({scale.PerDay:N0} a day for {scale.Days} days, newest {scale.Open:N0} open),");
            Console.WriteLine($"            {scale.PerOtherTenant:N0} for each of {scale.OtherTenants} other tenants");
            var took = await VolumeSeeder.SeedAsync(host.ConnectionString, host.TenantId, scale, line => Console.WriteLine($"     {line}"), cancellationToken);
            Console.WriteLine($"   seeded in {took.TotalMinutes:0.0} min; database size {await ScalarAsync("SELECT pg_size_pretty(pg_database_size(current_database()))", cancellationToken)}");
        }
        var oneDay = new VolumeBenchmark(emptyHost, dayHost, dayHost, options);
        await oneDay.SeedOpenEscalationsAsync(cancellationToken);
        await SeedOpenEscalationsAsync(cancellationToken);
        var results = await MeasureInterleavedAsync(
            [("empty", new VolumeBenchmark(emptyHost, dayHost, emptyHost, options)), ("one day", oneDay), ("volume", this)],
            cancellationToken);
        await ExplainAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// The three databases measured in turns, one sample of each per round, so that whatever drifts during a run (the
    /// JIT's tiers, the GC's budgets, a neighbour on the machine) weighs on all of them alike. Measured one after the
    /// other, the first database also paid for the process warming up.
    /// </summary>
    private async Task<List<Result>> MeasureInterleavedAsync((string Name, VolumeBenchmark Bench)[] databases, CancellationToken cancellationToken)
    {
        foreach (var (_, bench) in databases)
        {
            await bench.FindOtherTenantsAsync(cancellationToken);
        }
        var clients = databases.Select(d => d.Bench.Host.CreateClient(BenchHost.TenantKey, 1)).ToArray();
        // Each takes one sample on the database at that index.
        Func<int, Task<double>>[] measurements =
        [
            i => databases[i].Bench.OpenOnceAsync(t => t.SetTenant(databases[i].Bench.Host.TenantId), cancellationToken),
            i => databases[i].Bench.OpenOnceAsync(t => t.SetSystem(), cancellationToken),
            i => databases[i].Bench.OpenOnceAsync(t => t.SetTenants([databases[i].Bench.Host.TenantId, .. databases[i].Bench.others]), cancellationToken),
            i => ListOnceAsync(clients[i], cancellationToken),
        ];
        try
        {
            // A server runs for hours: its code is JIT-compiled to the last tier. A fresh process needs tens of seconds of
            // this work to get there (a perf profile of an unwarmed run spent a third of the CPU compiling), and the
            // database whose feed runs more code (rows to read) would pay more of it.
            var warm = Stopwatch.StartNew();
            var rounds = 0;
            while (warm.Elapsed < TimeSpan.FromSeconds(options.VolumeWarmupSeconds))
            {
                foreach (var measurement in measurements)
                {
                    for (var i = 0; i < databases.Length; i++)
                    {
                        await measurement(i);
                    }
                }
                rounds++;
            }
            Console.WriteLine($"   warm-up: {rounds} rounds of every measurement on every database in {warm.Elapsed.TotalSeconds:0} s, not kept");
            var feed = await RoundsAsync(databases.Length, options.VolumeSamples, 3, measurements[0]);
            var board = await RoundsAsync(databases.Length, options.VolumeSamples, 3, measurements[1]);
            var manager = await RoundsAsync(databases.Length, options.VolumeSamples, 3, measurements[2]);
            var api = await RoundsAsync(databases.Length, options.VolumeSamples * 2, 5, measurements[3]);
            var results = new List<Result>();
            for (var i = 0; i < databases.Length; i++)
            {
                var (name, bench) = databases[i];
                var messages = long.Parse(await bench.ScalarAsync("SELECT count(*) FROM \"Messages\"", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                var (bytes, held) = await bench.MemoryPerCircuitAsync(cancellationToken);
                var result = new Result(name, messages, feed[i], board[i], manager[i], api[i], bytes, held);
                Console.WriteLine($"   {name,-8} {messages,12:N0} messages");
                Console.WriteLine($"     feed open (one tenant)        {result.FeedOpen.Row()}");
                Console.WriteLine($"     board open (every tenant)     {result.BoardOpen.Row()}");
                Console.WriteLine($"     manager open (3 tenants)      {result.ManagerOpen.Row()}");
                Console.WriteLine($"     GET /api/v1/messages?limit=50 {result.ApiList.Row()}");
                Console.WriteLine($"     memory per open feed          {bytes / 1024.0,9:0.0} KiB managed heap ({options.VolumeCircuits} states, {held} messages held each)");
                results.Add(result);
            }
            return results;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>Rounds of one sample per database, in turn; the first <paramref name="warmup"/> rounds are not kept.</summary>
    private static async Task<Percentiles[]> RoundsAsync(int databases, int samples, int warmup, Func<int, Task<double>> sample)
    {
        var kept = Enumerable.Range(0, databases).Select(_ => new List<double>(samples)).ToArray();
        for (var round = 0; round < samples + warmup; round++)
        {
            for (var i = 0; i < databases; i++)
            {
                var ms = await sample(i);
                if (round >= warmup)
                {
                    kept[i].Add(ms);
                }
            }
        }
        return [.. kept.Select(Percentiles.Of)];
    }

    private async Task FindOtherTenantsAsync(CancellationToken cancellationToken)
    {
        others.Clear();
        await using var db = SystemContext();
        others.AddRange(await db.Tenants.Where(t => t.Id != host.TenantId).OrderBy(t => t.Slug).Select(t => t.Id).Take(2).ToListAsync(cancellationToken));
    }

    /// <summary>One feed open: a circuit's state started in a scope of its own, as a new circuit starts it.</summary>
    private async Task<double> OpenOnceAsync(Action<TenantContext> scopeTo, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scopeTo(scope.ServiceProvider.GetRequiredService<TenantContext>());
        var feed = scope.ServiceProvider.GetRequiredService<LiveFeedState>();
        var start = Stopwatch.GetTimestamp();
        await feed.StartAsync(cancellationToken);
        return Percentiles.Ms(start, Stopwatch.GetTimestamp());
    }

    private static async Task<double> ListOnceAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri("/api/v1/messages?limit=50", UriKind.Relative), cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        return Percentiles.Ms(start, Stopwatch.GetTimestamp());
    }

    /// <summary>Managed heap after a full, compacting GC, with N started states held, minus the same without them.</summary>
    private async Task<(double Bytes, int Held)> MemoryPerCircuitAsync(CancellationToken cancellationToken)
    {
        static long Heap()
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return GC.GetTotalMemory(forceFullCollection: true);
        }
        var scopes = new List<AsyncServiceScope>();
        var before = Heap();
        var held = 0;
        try
        {
            for (var i = 0; i < options.VolumeCircuits; i++)
            {
                var scope = host.Services.CreateAsyncScope();
                scopes.Add(scope);
                scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(host.TenantId);
                var feed = scope.ServiceProvider.GetRequiredService<LiveFeedState>();
                await feed.StartAsync(cancellationToken);
                held = feed.Messages.Count;
            }
            var after = Heap();
            return ((after - before) / (double)options.VolumeCircuits, held);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    /// <summary>Each query as the app builds it, run on a context whose interceptor EXPLAINs the very command (same parameters) first.</summary>
    private async Task ExplainAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("   EXPLAIN (ANALYZE, BUFFERS) on the volume data; each query as the app sends it (second run: warm cache)");
        var since = DateTimeOffset.UtcNow.AddMinutes(-10);
        var health = host.Services.CreateScope().ServiceProvider.GetRequiredService<TenantHealthQuery>();
        // The open messages of a feed's window, whose escalation outlooks a feed open loads.
        List<Guid> windowOpen;
        var feedTenant = new TenantContext();
        feedTenant.SetTenant(host.TenantId);
        await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).Options, feedTenant))
        {
            var window = (await db.ListAsync(new MessageQueries.Filter(Limit: LiveFeedState.NewestWindow), cancellationToken))
                .Concat(await db.UrgentUnresolvedAsync(LiveFeedState.UrgentLimit, cancellationToken));
            windowOpen = [.. window.Where(m => m.Status == MessageStatus.New).Select(m => m.Id).Distinct()];
        }
        var cases = new (string Name, Action<TenantContext> Scope, Func<AppDbContext, Task> Run)[]
        {
            ("feed: newest 100 (one tenant)", t => t.SetTenant(host.TenantId), db => db.ListAsync(new MessageQueries.Filter(Limit: LiveFeedState.NewestWindow), cancellationToken)),
            ("feed: unresolved urgent (one tenant)", t => t.SetTenant(host.TenantId), db => db.UrgentUnresolvedAsync(LiveFeedState.UrgentLimit, cancellationToken)),
            ("feed: unacknowledged count (one tenant)", t => t.SetTenant(host.TenantId), db => db.UnacknowledgedCountAsync(cancellationToken)),
            ("feed: oldest unacknowledged urgent (one tenant)", t => t.SetTenant(host.TenantId), db => db.OldestUnacknowledgedUrgentAsync(cancellationToken)),
            ("feed: escalation outlooks of the window's open messages (one tenant)", t => t.SetTenant(host.TenantId), db => EscalationOutlook.LoadAsync(db, windowOpen, cancellationToken)),
            ("feed: older page (one tenant)", t => t.SetTenant(host.TenantId), async db =>
            {
                var newest = await db.ListAsync(new MessageQueries.Filter(Limit: LiveFeedState.NewestWindow), cancellationToken);
                await db.ListAsync(new MessageQueries.Filter(Limit: LiveFeedState.OlderPage, Before: Keyset.ReceivedOf(newest[^1])), cancellationToken);
            }),
            ("catch-up: changes since 10 min (one tenant)", t => t.SetTenant(host.TenantId), db => db.ChangesAsync(new MessageQueries.ChangesFilter(since, Limit: LiveFeedState.CatchUpPage), cancellationToken)),
            ("api: limit=50 (tenant key)", t => t.SetTenant(host.TenantId), db => db.ListAsync(new MessageQueries.Filter(Limit: 51), cancellationToken)),
            ("board/console: newest 100 (every tenant)", t => t.SetSystem(), db => db.ListAsync(new MessageQueries.Filter(Limit: LiveFeedState.NewestWindow), cancellationToken)),
            ("board: unresolved urgent (every tenant)", t => t.SetSystem(), db => db.UrgentUnresolvedAsync(LiveFeedState.UrgentLimit, cancellationToken)),
            ("board: unacknowledged count (every tenant)", t => t.SetSystem(), db => db.UnacknowledgedCountAsync(cancellationToken)),
            ("catch-up: changes since 10 min (every tenant)", t => t.SetSystem(), db => db.ChangesAsync(new MessageQueries.ChangesFilter(since, Limit: LiveFeedState.CatchUpPage), cancellationToken)),
            ("manager: newest 100 (3 tenants)", t => t.SetTenants([host.TenantId, .. others]), db => db.ListAsync(new MessageQueries.Filter(Limit: LiveFeedState.NewestWindow), cancellationToken)),
            ("health: figures of 3 tenants", t => t.SetTenants([host.TenantId, .. others]), db => health.ForAsync(db, [host.TenantId, .. others], cancellationToken)),
            // The sweep's two scans, as EscalationJobs.SweepAsync writes them.
            ("sweep: overdue escalations", t => t.SetSystem(), db =>
            {
                var cutoff = DateTimeOffset.UtcNow - EscalationJobs.OverdueAfter;
                return db.MessageEscalations.AsNoTracking().Where(e => e.State == EscalationState.Active && e.NextDueAt < cutoff)
                    .OrderBy(e => e.NextDueAt).Select(e => new { e.TenantId, e.MessageId, e.Sequence }).Take(500).ToListAsync(cancellationToken);
            }),
            ("sweep: unsent attempts", t => t.SetSystem(), db =>
            {
                var cutoff = DateTimeOffset.UtcNow - EscalationJobs.OverdueAfter;
                var paceStart = DateTimeOffset.UtcNow - Dashboard.Features.Notifications.Phone.PhoneChannel.Description.PacePerAddress;
                NotificationChannel[] paced = [NotificationChannel.PhoneCall];
                return db.NotificationAttempts.AsNoTracking()
                    .Where(a => a.Status == AttemptStatus.Pending && a.UpdatedAt < cutoff
                        && (a.Error == null || !paced.Contains(a.Channel) || !db.NotificationAttempts.IgnoreQueryFilters().Any(b =>
                            b.Address == a.Address && b.Channel == a.Channel && b.Id != a.Id && b.SentAt > paceStart)))
                    .OrderBy(a => a.CreatedAt).Select(a => new { a.TenantId, a.Id }).Take(500).ToListAsync(cancellationToken);
            }),
        };
        foreach (var (name, scopeTo, run) in cases)
        {
            var explain = new ExplainInterceptor();
            var tenant = new TenantContext();
            scopeTo(tenant);
            await using (var warm = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).Options, tenant))
            {
                await run(warm);
            }
            await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).AddInterceptors(explain).Options, tenant))
            {
                await run(db);
            }
            Console.WriteLine();
            Console.WriteLine($"   -- {name}");
            foreach (var (sql, plan) in explain.Plans)
            {
                Console.WriteLine($"   SQL: {string.Join(' ', sql.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()))}");
                foreach (var line in plan)
                {
                    Console.WriteLine($"     {line}");
                }
            }
        }
    }

    /// <summary>
    /// Every open urgent message of the big tenant escalating, as it would under a policy: step 1 sent (the seeded
    /// attempts), step 2 (a named contact by phone) due later. A feed open then reads their outlooks as it does in use:
    /// escalations with their versions, the contact's name, the attempts. Redone on every run, on a reused database too;
    /// the due time is far off, so nothing escalates while the benchmark runs.
    /// </summary>
    private async Task SeedOpenEscalationsAsync(CancellationToken cancellationToken)
    {
        const string PolicyName = "bench-open";
        Guid versionId;
        await using (var db = SystemContext())
        {
            var existing = await db.EscalationPolicyVersions.AsNoTracking()
                .Where(v => v.TenantId == host.TenantId && db.EscalationPolicies.Any(p => p.Id == v.PolicyId && p.Name == PolicyName))
                .Select(v => (Guid?)v.Id).FirstOrDefaultAsync(cancellationToken);
            if (existing is { } id)
            {
                versionId = id;
            }
            else
            {
                var contact = new Dashboard.Features.Contacts.Contact { TenantId = host.TenantId, Name = "担当 一郎", Phone = "+819011112222", Email = "lead@bench.example" };
                var policy = new EscalationPolicy { TenantId = host.TenantId, Name = PolicyName, CurrentVersion = 1 };
                var version = new EscalationPolicyVersion
                {
                    TenantId = host.TenantId, PolicyId = policy.Id, Version = 1,
                    Steps =
                    [
                        new() { DelayMinutes = 0, Targets = [new() { ContactId = contact.Id, Channel = NotificationChannel.PhoneCall }, new() { Kind = TargetKind.AllStaff, Channel = NotificationChannel.Email }] },
                        new() { DelayMinutes = 5, Targets = [new() { ContactId = contact.Id, Channel = NotificationChannel.PhoneCall }] },
                    ],
                };
                policy.Versions.Add(version);
                db.Contacts.Add(contact);
                db.EscalationPolicies.Add(policy);
                await db.SaveChangesAsync(cancellationToken);
                versionId = version.Id;
            }
        }
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The report section's escalations (ended ones, for every urgent message) give way for the open messages.
        await using var command = new NpgsqlCommand("""
            INSERT INTO "MessageEscalations" ("MessageId", "TenantId", "PolicyVersionId", "Round", "StepIndex", "NextDueAt", "State", "Sequence", "StartedAt", "EndedAt")
            SELECT "Id", "TenantId", $2, 0, 1, now() + interval '30 days', 0, 1, "ReceivedAt", NULL
            FROM "Messages" WHERE "TenantId" = $1 AND "Status" = 0 AND "Urgency" <> 0
            ON CONFLICT ("MessageId") DO UPDATE SET "PolicyVersionId" = $2, "Round" = 0, "StepIndex" = 1,
                "NextDueAt" = now() + interval '30 days', "State" = 0, "Sequence" = 1, "EndedAt" = NULL
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = host.TenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = versionId });
        var escalating = await command.ExecuteNonQueryAsync(cancellationToken);
        Console.WriteLine($"   {host.DatabaseName}: {escalating} open urgent messages escalating (step 2 of 2 next)");
    }

    private AppDbContext SystemContext()
    {
        var tenant = new TenantContext();
        tenant.SetSystem();
        return new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).Options, tenant);
    }

    private async Task<string> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>
    /// Runs EXPLAIN (ANALYZE, BUFFERS) of each command with its own parameters, then lets the command run. Twice: the
    /// custom plan PostgreSQL makes for these values, and the generic plan a prepared statement switches to after five
    /// runs (the app prepares its statements, decision 22), which assumes an average tenant (decisions 29 and 30).
    /// </summary>
    internal sealed class ExplainInterceptor : DbCommandInterceptor
    {
        public List<(string Sql, List<string> Plan)> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var npgsql = (NpgsqlCommand)command;
            var plan = await ExplainAsync(npgsql, "EXPLAIN (ANALYZE, BUFFERS) " + command.CommandText, cancellationToken);
            plan.Add("  -- generic plan (what a prepared statement runs after five executions):");
            plan.AddRange(await GenericPlanAsync(npgsql, cancellationToken));
            Plans.Add((command.CommandText, plan));
            return result;
        }

        private static async Task<List<string>> GenericPlanAsync(NpgsqlCommand command, CancellationToken cancellationToken)
        {
            // PREPARE takes positional parameters; EXECUTE cannot take bound ones, so it gets the command's values as literals.
            var names = command.Parameters.Select(p => p.ParameterName).ToList();
            var text = command.CommandText;
            foreach (var (name, index) in names.Select((n, i) => (n, i)).OrderByDescending(x => x.n.Length))
            {
                text = text.Replace("@" + name.TrimStart('@'), "$" + (index + 1), StringComparison.Ordinal);
            }
            var arguments = names.Count == 0 ? "" : "(" + string.Join(", ", command.Parameters.Select(p => Literal(p.Value))) + ")";
            try
            {
                await RunAsync(command, "SET plan_cache_mode = force_generic_plan", cancellationToken);
                await RunAsync(command, "PREPARE bench_generic AS " + text, cancellationToken);
                var plan = await ExplainAsync(command, "EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_generic" + arguments, cancellationToken);
                await RunAsync(command, "DEALLOCATE bench_generic", cancellationToken);
                return plan;
            }
            catch (PostgresException ex)
            {
                return [$"  (no generic plan: {ex.MessageText})"];
            }
            finally
            {
                await RunAsync(command, "RESET plan_cache_mode", cancellationToken);
            }
        }

        private static string Literal(object? value) => value switch
        {
            null or DBNull => "NULL",
            Guid id => $"'{id}'::uuid",
            IEnumerable<Guid> ids => $"ARRAY[{string.Join(",", ids.Select(i => $"'{i}'"))}]::uuid[]",
            IEnumerable<int> numbers => $"ARRAY[{string.Join(",", numbers)}]::int[]",
            DateTimeOffset at => $"'{at.UtcDateTime:O}'::timestamptz",
            DateTime at => $"'{at:O}'::timestamptz",
            bool flag => flag ? "true" : "false",
            string text => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'",
            Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
            IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new NotSupportedException($"no literal for {value.GetType()}"),
        };

        private static async Task RunAsync(NpgsqlCommand command, string sql, CancellationToken cancellationToken)
        {
            await using var run = new NpgsqlCommand(sql, command.Connection, command.Transaction);
            await run.ExecuteNonQueryAsync(cancellationToken);
        }

        private static async Task<List<string>> ExplainAsync(NpgsqlCommand command, string sql, CancellationToken cancellationToken)
        {
            await using var explain = command.Clone();
            explain.CommandText = sql;
            var plan = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
            return plan;
        }
    }
}
