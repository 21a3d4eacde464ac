using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Dashboard.Benchmarks;

/// <summary>Entry point (not top-level statements: the app's own Program class is what the host starts).</summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        // WebApplicationFactory finds the app's content root through MvcTestingAppManifest.json in the current
        // directory; 'dotnet run' starts wherever the shell is, so move to the build output where it lies.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        Options? options;
        try
        {
            options = Options.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(Options.Usage);
            return 2;
        }
        if (options is null)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        async Task RunHistoryAsync(BenchHost host, bool seeded)
        {
            Console.WriteLine();
            Console.WriteLine("9. History at volume: search latency, ms, GET /api/v1/messages?limit=50&q=... with the tenant key (one client),");
            Console.WriteLine($"   {options.VolumeSamples} samples after 5; then EXPLAIN of each search and a CSV export of 100,000 rows");
            Console.WriteLine($"                        {Percentiles.Header}");
            await new HistoryBenchmark(host, options).RunAsync(seeded, cancel.Token);
            Console.WriteLine($"   load average {Machine.LoadAverage()}");
        }

        var total = Stopwatch.StartNew();
        Console.WriteLine($"Dashboard benchmarks, {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}");
        Console.WriteLine($"  machine    {Environment.ProcessorCount} cores, {Machine.CpuModel()}, {Machine.MemoryGiB():0.0} GiB RAM");
        Console.WriteLine($"  os         {RuntimeInformation.OSDescription}");
        Console.WriteLine($"  runtime    {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine($"  postgres   {await BenchHost.ScalarOnServerAsync(options.Postgres, "SELECT version()", cancel.Token)}");
        Console.WriteLine($"             fsync={await BenchHost.ScalarOnServerAsync(options.Postgres, "SHOW fsync", cancel.Token)}, synchronous_commit={await BenchHost.ScalarOnServerAsync(options.Postgres, "SHOW synchronous_commit", cancel.Token)}");
        Console.WriteLine($"  load avg   {Machine.LoadAverage()} (at start)");

        var fanout = new List<FanoutBenchmark.Result>();
        var intake = new List<IntakeBenchmark.Result>();
        var lateness = new List<LatenessBenchmark.Result>();
        if (options.Fanout || options.Intake)
        {
            var startWatch = Stopwatch.StartNew();
            await using var host = await BenchHost.StartAsync(options, cancel.Token);
            Console.WriteLine($"  app        {host.BaseAddress} on database {host.DatabaseName} (created, migrated and seeded in {startWatch.Elapsed.TotalSeconds:0.0} s)");
            if (options.AppConnectionOptions.Length > 0)
            {
                Console.WriteLine($"             app connection string + \"{options.AppConnectionOptions}\"");
            }
            if (options.Fanout)
            {
                Console.WriteLine();
                Console.WriteLine("1. Live feed latency, ms. commit: COMMIT returned -> each subscriber's handler; last: COMMIT -> the last subscriber");
                Console.WriteLine("   (one sample per message); POST: just before POST /api/v1/messages is sent -> each subscriber's handler");
                Console.WriteLine($"                            {Percentiles.Header}   ratio to floor: p50 p95 p99 max");
                fanout = await new FanoutBenchmark(host, options).RunAsync(cancel.Token);
            }
            if (options.Intake)
            {
                Console.WriteLine();
                Console.WriteLine($"2. Intake throughput, {options.IntakeMessages} messages per run; CPU per message (this process includes the HTTP load generator)");
                Console.WriteLine($"                                    {Percentiles.Header}");
                intake = await new IntakeBenchmark(host, options).RunAsync(cancel.Token);
            }
        }
        if (options.Lateness)
        {
            // Its own app instances, one per configuration, each on a fresh database.
            Console.WriteLine();
            Console.WriteLine($"3. Escalation lateness, ms: the second step of {options.LatenessMessages} urgent messages posted over {options.LatenessSpread.TotalSeconds:0} s, due 1 minute after");
            Console.WriteLine("   the first; ran: its attempt's CreatedAt, sent: its SentAt, minus its due time (NextDueAt); negative = early");
            Console.WriteLine($"                                    {Percentiles.Header}   as configured / stock: p50 p95 p99 max");
            lateness = await new LatenessBenchmark(options).RunAsync(cancel.Token);
        }

        var volume = new List<VolumeBenchmark.Result>();
        if (options.Volume)
        {
            var startWatch = Stopwatch.StartNew();
            await using var host = await BenchHost.StartVolumeAsync(options, VolumeSeeder.Scale.Of(options), cancel.Token);
            // The empty figures come from a throw-away database of their own, measured in turns with the other two.
            await using var emptyHost = await BenchHost.StartAsync(options, cancel.Token);
            await using var dayHost = await BenchHost.StartAsync(options, cancel.Token);
            Console.WriteLine($"  app        {host.BaseAddress} on database {host.DatabaseName} ({(host.VolumeSeeded ? "reused" : "created")}, migrated and started in {startWatch.Elapsed.TotalSeconds:0.0} s)");
            Console.WriteLine();
            Console.WriteLine("4. Feed at volume, ms: feed open = LiveFeedState.StartAsync (every query a circuit runs before its first render");
            Console.WriteLine("   with data, no browser); API = GET /api/v1/messages?limit=50 with the tenant key, one client");
            Console.WriteLine($"                                   {Percentiles.Header}");
            volume = await new VolumeBenchmark(emptyHost, dayHost, host, options).RunAsync(cancel.Token);
        }

        if (options.ReportSection)
        {
            await using var host = await BenchHost.StartVolumeAsync(options, VolumeSeeder.Scale.Of(options), cancel.Token);
            Console.WriteLine($"  app        {host.BaseAddress} on database {host.DatabaseName}");
            Console.WriteLine();
            Console.WriteLine("8. Monthly report at volume, ms: MonthlyReportQuery.RunAsync (every query of the page and the API) and GET /api/v1/reports");
            await new ReportBenchmark(host, options).RunAsync(cancel.Token);
            if (options.HistorySection)
            {
                // --section history+report: the year is seeded once for both.
                await RunHistoryAsync(host, seeded: true);
            }
        }

        var delivery = new List<DeliveryBenchmark.Result>();
        SoakBenchmark.Result? soak = null;
        if (options.Delivery || options.Soak)
        {
            var startWatch = Stopwatch.StartNew();
            await using var host = await BenchHost.StartAsync(options, cancel.Token);
            Console.WriteLine($"  app        {host.BaseAddress} on database {host.DatabaseName} (created, migrated and seeded in {startWatch.Elapsed.TotalSeconds:0.0} s)");
            if (options.Delivery)
            {
                Console.WriteLine();
                Console.WriteLine($"5. Push-to-screen with dead watchers, ms: just before POST /api/v1/messages -> each live LiveFeedState's Changed");
                Console.WriteLine($"   handler (screen) / the last live one (last); a dead one's handler hangs {DeliveryBenchmark.DeadHang.TotalSeconds:0} s; {options.DeliveryMessages} messages, Urgent/Normal in turn");
                Console.WriteLine($"                                {Percentiles.Header}");
                delivery = await new DeliveryBenchmark(host, options).RunAsync(cancel.Token);
            }
            if (options.Soak)
            {
                Console.WriteLine();
                Console.WriteLine($"6. Soak: {options.SoakMessages} messages POSTed at {options.SoakRate:0} a second ({options.SoakWorkers} workers at most), {options.SoakHubs} hub clients and");
                Console.WriteLine($"   {options.SoakFeeds} feed states watching; latency, ms: just before the POST -> each watcher");
                Console.WriteLine($"                                {Percentiles.Header}");
                soak = await new SoakBenchmark(host, options).RunAsync(cancel.Token);
                Console.WriteLine($"  hub clients                   {soak.Hub.Row()}");
                Console.WriteLine($"  feed states                   {soak.Feed.Row()}");
                Console.WriteLine($"        posted {soak.Messages} ({soak.Failed} POSTs failed) at {soak.Achieved:0.0} msg/s achieved (latest start {soak.MaxStartLateness.TotalMilliseconds:0} ms after its slot); missing: hub {soak.HubMissing}, feed {soak.FeedMissing};");
                Console.WriteLine($"        hub connections closed {soak.Closed}, reconnecting {soak.Reconnects}; feed re-count/reload notices {soak.FeedResyncs}; load avg {Machine.LoadAverage()}");
            }
        }

        if (options.HistorySection && !options.ReportSection)
        {
            await using var host = await BenchHost.StartVolumeAsync(options, VolumeSeeder.Scale.Of(options), cancel.Token);
            Console.WriteLine($"  app        {host.BaseAddress} on database {host.DatabaseName}");
            await RunHistoryAsync(host, seeded: false);
        }

        CircuitsBenchmark.Result? circuits = null;
        if (options.CircuitsSection)
        {
            await using var host = await BenchHost.StartAsync(options, cancel.Token);
            Console.WriteLine($"  app        {host.BaseAddress} on database {host.DatabaseName}");
            Console.WriteLine();
            Console.WriteLine("7. Memory per open /feed circuit: tabs of one signed-in staff user in headless Chromium, each waited on until it");
            Console.WriteLine("   shows cards; then, in this process (the app's), three forced compacting full GCs, managed heap and RSS");
            circuits = await new CircuitsBenchmark(host, options).RunAsync(cancel.Token);
        }

        Console.WriteLine();
        Console.WriteLine("Targets");
        foreach (var r in delivery.Where(r => r.Dead > 0))
        {
            Console.WriteLine($"  push-to-screen p99 with {r.Subscribers} feeds of which {r.Dead} dead < 500 ms: {r.PostToScreen.P99:0.0} ms  {(r.PostToScreen.P99 < 500 && r.Lost == 0 ? "MET" : "MISSED")}");
        }
        if (soak is { } s)
        {
            Console.WriteLine($"  soak >= 150 msg/s, every watcher every message, no connection dropped: {s.Achieved:0} msg/s, {s.HubMissing + s.FeedMissing} missing, {s.Closed} closed  {(s.Sustained(150) && s.HubMissing + s.FeedMissing == 0 && s.Closed == 0 && s.Failed == 0 ? "MET" : "MISSED")}");
        }
        if (circuits is not null)
        {
            Console.WriteLine($"  memory per open {options.CircuitsPath} circuit <= 1 MB (managed heap, slope from 1 tab on): {circuits.HeapPerCircuit / 1024:0} KiB, RSS {circuits.RssPerCircuit / 1024:0} KiB  {(circuits.HeapPerCircuit <= 1024 * 1024 ? "MET" : "MISSED")}");
        }
        if (volume is [var empty, var day, var full])
        {
            Console.WriteLine($"  feed open p95 < 300 ms and <= 1.5x empty: {full.FeedOpen.P95:0.0} ms vs {empty.FeedOpen.P95:0.0} ms  {(full.FeedOpen.P95 < 300 && full.FeedOpen.P95 <= 1.5 * empty.FeedOpen.P95 ? "MET" : "MISSED")}");
            Console.WriteLine($"  API limit=50 p95 < 300 ms and <= 1.5x empty: {full.ApiList.P95:0.0} ms vs {empty.ApiList.P95:0.0} ms  {(full.ApiList.P95 < 300 && full.ApiList.P95 <= 1.5 * empty.ApiList.P95 ? "MET" : "MISSED")}");
            // What history costs: the same window on a database holding one day (not a target of the issue, which says empty).
            Console.WriteLine($"  feed open p95 <= 1.5x one day (the same window, no history): {full.FeedOpen.P95:0.0} ms vs {day.FeedOpen.P95:0.0} ms  {(full.FeedOpen.P95 <= 1.5 * day.FeedOpen.P95 ? "MET" : "MISSED")}");
            Console.WriteLine($"  API limit=50 p95 <= 1.5x one day: {full.ApiList.P95:0.0} ms vs {day.ApiList.P95:0.0} ms  {(full.ApiList.P95 <= 1.5 * day.ApiList.P95 ? "MET" : "MISSED")}");
            Console.WriteLine($"  memory per open feed <= 1 MB (managed heap): {full.BytesPerCircuit / 1024:0} KiB  {(full.BytesPerCircuit <= 1024 * 1024 ? "MET" : "MISSED")}");
        }
        foreach (var r in fanout.Where(r => r.Subscribers >= 1000))
        {
            // 100 ms at 1,000 (the original target); the volume issue's 150 ms at 5,000 and more.
            var target = r.Subscribers >= 5000 ? 150 : 100;
            Console.WriteLine($"  p99 commit-to-client at {r.Subscribers} subscribers < {target} ms: {r.CommitToClient.P99:0.0} ms  {(r.CommitToClient.P99 < target && r.Lost == 0 ? "MET" : "MISSED")}");
        }
        foreach (var r in intake)
        {
            Console.WriteLine($"  intake >= 300 msg/s with {r.Workers} workers: {r.ApiPerSecond:0} msg/s  {(r.ApiPerSecond >= 300 ? "MET" : "MISSED")}");
        }
        foreach (var r in lateness.Take(1))
        {
            Console.WriteLine($"  p99 escalation lateness (sent - due) <= 1 s {r.Name}: {r.Sent.P99:0} ms  {(r.Sent.P99 <= 1000 && r.Missing == 0 ? "MET" : "MISSED")}");
        }
        Console.WriteLine($"  load avg   {Machine.LoadAverage()} (at end)");
        Console.WriteLine($"Done in {total.Elapsed.TotalSeconds:0} s; benchmark database {(options.KeepDatabase ? "kept" : "dropped")}{(options.VolumeDatabase is { } kept ? $", volume data kept in {kept}" : "")}.");
        return 0;
    }
}

/// <summary>What the report says about the machine it ran on (Linux /proc; blanks elsewhere).</summary>
internal static class Machine
{
    public static string CpuModel() => ReadProc("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    public static double MemoryGiB() =>
        ReadProc("/proc/meminfo", "MemTotal") is { } kb ? long.Parse(kb.Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0 : double.NaN;

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? ReadProc(string path, string key) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l.Split(':', 2)[1].Trim()).FirstOrDefault()
            : null;
}
