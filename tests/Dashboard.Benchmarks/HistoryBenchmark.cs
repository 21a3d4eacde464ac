using System.Diagnostics;
using System.Globalization;
using Dashboard.Data;
using Dashboard.Features.History;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Benchmarks;

/// <summary>
/// History at volume (section 8): the year of <see cref="VolumeSeeder"/> data (the search columns filled by the
/// migration's trigger on every seeded row, the GIN index rebuilt after the load), then search latency over HTTP with
/// the tenant key (GET /api/v1/messages?q=...&amp;limit=50), EXPLAIN (ANALYZE, BUFFERS) of each search as the app sends it,
/// and a CSV export of 100,000 rows (rows a second, peak memory of this process while it streams).
/// </summary>
internal sealed class HistoryBenchmark(BenchHost host, Options options)
{
    public sealed record Result(string Query, string Meaning, int Rows, Percentiles Latency);

    /// <summary>Seeds the volume data first unless <paramref name="seeded"/> (section 8 ran on the same database).</summary>
    public async Task<(List<Result> Searches, ExportResult Export)> RunAsync(bool seeded, CancellationToken cancellationToken)
    {
        if (!seeded && !host.VolumeSeeded)
        {
            var scale = VolumeSeeder.Scale.Of(options);
            Console.WriteLine($"   seeding: {scale.BigTenant:N0} messages for {BenchHost.TenantSlug}, {scale.PerOtherTenant:N0} for each of {scale.OtherTenants} other tenants; load average {Machine.LoadAverage()}");
            var took = await VolumeSeeder.SeedAsync(host.ConnectionString, host.TenantId, scale, line => Console.WriteLine($"     {line}"), cancellationToken);
            Console.WriteLine($"   seeded in {took.TotalMinutes:0.0} min; load average {Machine.LoadAverage()}");
        }

        var queries = new (string Query, string Meaning)[]
        {
            ("林", "one character, 1 message in 10 (林, 小林)"),
            ("檎", "one character, 1 message in 5,000"),
            ("水漏", "two characters, 1 message in 7"),
            ("農園", "two characters, 1 message in 5,000"),
            ("03-1234-5678", "a phone number as typed (365 a year)"),
            ("+81 3 1234 5678", "the same number, international"),
            ("5678", "part of a number (digits)"),
            ("山本 水漏", "two words"),
        };
        var results = new List<Result>();
        using var client = host.CreateClient(BenchHost.TenantKey, 4);
        foreach (var (query, meaning) in queries)
        {
            var samples = new List<double>();
            var rows = 0;
            for (var i = 0; i < options.VolumeSamples + 5; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync($"/api/v1/messages?limit=50&q={Uri.EscapeDataString(query)}", cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                response.EnsureSuccessStatusCode();
                if (i >= 5)
                {
                    samples.Add(Percentiles.Ms(start, Stopwatch.GetTimestamp()));
                }
                rows = System.Text.Json.JsonDocument.Parse(body).RootElement.GetArrayLength();
            }
            var result = new Result(query, meaning, rows, Percentiles.Of(samples));
            results.Add(result);
            Console.WriteLine($"     q={query,-18} {result.Latency.Row()}  ({rows} rows; {meaning})");
        }

        if (!options.HistoryNoLegacy)
        {
            await CompareWithLegacyAsync(queries.Select(q => q.Query).ToList(), cancellationToken);
        }
        await ExplainAsync(queries.Select(q => q.Query), cancellationToken);
        var export = await ExportAsync(client, cancellationToken);
        return (results, export);
    }

    public sealed record ExportResult(long Rows, long Bytes, double Seconds, double PeakManagedMiB, double PeakWorkingSetMiB, double BaselineWorkingSetMiB);

    /// <summary>The newest 100,000 rows of the big tenant (10 days at 10,000 a day) as CSV, read and discarded by the client.</summary>
    private async Task<ExportResult> ExportAsync(HttpClient client, CancellationToken cancellationToken)
    {
        const int target = 100_000;
        var days = Math.Max(1, (int)Math.Ceiling(target / (double)options.VolumePerDay));
        var to = DateTimeOffset.UtcNow;
        var from = to.AddDays(-days);
        string Url() => $"/api/v1/messages/export?format=csv&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peakManaged = 0L;
        var peakSet = 0L;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peakSet = Math.Max(peakSet, process.WorkingSet64);
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
                try
                {
                    await Task.Delay(20, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(Url(), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        watch.Stop();
        await stop.CancelAsync();
        await sampler;
        // Bodies here have no line breaks: every line after the header is one row.
        var result = new ExportResult(lines - 1, bytes, watch.Elapsed.TotalSeconds, peakManaged / 1048576.0, peakSet / 1048576.0, baseline / 1048576.0);
        Console.WriteLine($"     CSV export: {result.Rows:N0} rows, {bytes / 1048576.0:0.0} MiB in {result.Seconds:0.00} s = {result.Rows / result.Seconds:N0} rows/s;");
        Console.WriteLine($"       peak managed heap {result.PeakManagedMiB:0.0} MiB, peak working set {result.PeakWorkingSetMiB:0.0} MiB (before: {result.BaselineWorkingSetMiB:0.0} MiB; app and client in this process)");
        return result;
    }

    /// <summary>
    /// The current search and the first design (<see cref="LegacyHistorySearch"/>) in this process on the same data,
    /// samples interleaved (legacy, current, legacy, ...) so that the shared machine's load falls on both alike.
    /// </summary>
    private async Task CompareWithLegacyAsync(List<string> queries, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"   Same run, in process (tenant scope, limit 51, {options.VolumeSamples} interleaved samples each after 3 warm-ups); load avg {Machine.LoadAverage()}");
        Console.WriteLine($"   {"q",-18} {"design",-8} {Percentiles.Header}  rows");
        var tenant = new TenantContext();
        tenant.SetTenant(host.TenantId);
        var dbOptions = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).Options;
        foreach (var query in queries)
        {
            var legacy = new List<double>();
            var current = new List<double>();
            int legacyRows = 0, currentRows = 0;
            for (var i = 0; i < options.VolumeSamples + 3; i++)
            {
                await using (var db = new AppDbContext(dbOptions, tenant))
                {
                    var start = Stopwatch.GetTimestamp();
                    legacyRows = (await LegacyHistorySearch.PageAsync(db, query, 51, cancellationToken)).Count;
                    if (i >= 3)
                    {
                        legacy.Add(Percentiles.Ms(start, Stopwatch.GetTimestamp()));
                    }
                }
                await using (var db = new AppDbContext(dbOptions, tenant))
                {
                    var start = Stopwatch.GetTimestamp();
                    currentRows = (await db.PageAsync(new HistoryCriteria { Query = query }, null, 51, cancellationToken)).Count;
                    if (i >= 3)
                    {
                        current.Add(Percentiles.Ms(start, Stopwatch.GetTimestamp()));
                    }
                }
            }
            Console.WriteLine($"   {query,-18} {"legacy",-8} {Percentiles.Of(legacy).Row()}  {legacyRows}");
            Console.WriteLine($"   {query,-18} {"current",-8} {Percentiles.Of(current).Row()}  {currentRows}");
            if (legacyRows != currentRows)
            {
                throw new InvalidOperationException($"q={query}: the designs disagree ({legacyRows} vs {currentRows} rows)");
            }
        }
        Console.WriteLine($"   load avg {Machine.LoadAverage()} (after)");
    }

    private async Task ExplainAsync(IEnumerable<string> queries, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("   EXPLAIN (ANALYZE, BUFFERS) of each search as the app sends it (tenant scope, limit 51; second run: warm cache)");
        foreach (var query in queries)
        {
            var tenant = new TenantContext();
            tenant.SetTenant(host.TenantId);
            var criteria = new HistoryCriteria { Query = query };
            await using (var warm = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).Options, tenant))
            {
                await warm.PageAsync(criteria, null, 51, cancellationToken);
            }
            var explain = new VolumeBenchmark.ExplainInterceptor();
            await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).AddInterceptors(explain).Options, tenant))
            {
                await db.PageAsync(criteria, null, 51, cancellationToken);
            }
            var legacyExplain = new VolumeBenchmark.ExplainInterceptor();
            if (!options.HistoryNoLegacy)
            {
                await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(host.ConnectionString).AddInterceptors(legacyExplain).Options, tenant);
                await LegacyHistorySearch.PageAsync(db, query, 51, cancellationToken);
            }
            Console.WriteLine();
            Console.WriteLine($"   -- q={query} (current; then the legacy design's page query)");
            foreach (var (sql, plan) in explain.Plans.Concat(legacyExplain.Plans.Skip(1)))
            {
                Console.WriteLine($"   SQL: {string.Join(' ', sql.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()))}");
                foreach (var line in plan)
                {
                    Console.WriteLine($"     {line}");
                }
            }
        }
    }
}
