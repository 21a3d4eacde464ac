using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Intake throughput: N messages through POST /api/v1/messages by W concurrent workers (each waits for its 201
/// before sending the next), against the same N rows written by W connections straight through Npgsql: a bare
/// single-row INSERT (autocommit), and the write transaction MessageService runs, by hand (INSERT message and timeline
/// row in one batch, pg_notify, COMMIT; without the app's reads: key, tenant, escalation policy, the DTO twice).
/// Baseline tables are copies of the app's (LIKE ... INCLUDING ALL: same columns and indexes, no foreign keys).
/// </summary>
internal sealed class IntakeBenchmark(BenchHost host, Options options)
{
    public sealed record Result(int Workers, int Messages, double ApiPerSecond, Percentiles ApiLatency, CpuMeter.Cost ApiCost,
        double InsertPerSecond, double TransactionPerSecond);

    private readonly CpuMeter cpu = new(host.DatabaseName);

    private const string InsertMessage = """
        INSERT INTO bench_messages ("Id", "TenantId", "ReceivedAt", "CallerName", "CallerOrganization", "CallbackNumber",
            "ForWhom", "Subject", "Body", "Urgency", "OperatorNote", "OperatorName", "Status", "UpdatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, 'bench', 0, $3)
        """;

    private const string InsertEvent = """
        INSERT INTO bench_message_events ("TenantId", "MessageId", "Kind", "At", "ActorName", "Channel")
        VALUES ($1, $2, 0, $3, 'bench', 3)
        """;

    public async Task<List<Result>> RunAsync(CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        await using (var create = dataSource.CreateCommand("""
            CREATE TABLE bench_messages (LIKE "Messages" INCLUDING ALL);
            CREATE TABLE bench_message_events (LIKE "MessageEvents" INCLUDING ALL);
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var results = new List<Result>();
        var sequence = 0;
        foreach (var workers in options.Workers)
        {
            using var http = host.CreateClient(BenchHost.OperatorKey, workers);

            async Task PostAsync()
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(Payloads.Input(Interlocked.Increment(ref sequence)), JsonSerializerOptions.Web);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync("/api/v1/messages", content, cancellationToken);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"POST /api/v1/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }

            if (results.Count == 0)
            {
                var (warmup, last) = await WarmUpAsync(workers, PostAsync);
                Console.WriteLine($"  warm-up: {warmup} POSTs until CPU/msg stopped falling (last {last.ProcessMs:0.00} ms)");
            }
            else
            {
                // The process is warm: only this run's connections need to be.
                await RunWorkersAsync(workers, Math.Min(options.IntakeWarmup, 500), PostAsync);
            }
            var cpuBefore = cpu.Now();
            var (apiElapsed, apiLatency) = await RunWorkersAsync(workers, options.IntakeMessages, PostAsync);
            var api = options.IntakeMessages / apiElapsed.TotalSeconds;
            var apiCost = CpuMeter.PerMessage(cpuBefore, cpu.Now(), options.IntakeMessages);
            Console.WriteLine($"  {workers,3} workers  API POST          {api,8:0} msg/s   {apiCost}");
            Console.WriteLine($"                 request latency ms {apiLatency.Row()}");

            var (insert, insertCpu) = await BaselineAsync(dataSource, workers, transaction: false, cancellationToken);
            Console.WriteLine($"  {workers,3} workers  bare INSERT       {insert,8:0} msg/s   {insertCpu}   API/INSERT {api / insert:0.00}");
            var (transaction, transactionCpu) = await BaselineAsync(dataSource, workers, transaction: true, cancellationToken);
            Console.WriteLine($"  {workers,3} workers  write tx by hand  {transaction,8:0} msg/s   {transactionCpu}   API/tx {api / transaction:0.00}");
            results.Add(new Result(workers, options.IntakeMessages, api, apiLatency, apiCost, insert, transaction));
        }
        return results;
    }

    /// <summary>
    /// The request path needs thousands of requests before its CPU cost settles (JIT tier-up and PGO on a busy
    /// 2-core machine: 8 ms of CPU per message at first, 3 ms later). Warm up in rounds of at least
    /// <see cref="Options.IntakeWarmup"/> until a round costs no more than 10% less than the one before.
    /// </summary>
    private async Task<(int Requests, CpuMeter.Cost Last)> WarmUpAsync(int workers, Func<Task> operation)
    {
        const int MaxRounds = 15;
        var round = Math.Max(options.IntakeWarmup, 200);
        var previous = double.MaxValue;
        for (var i = 1; ; i++)
        {
            var before = cpu.Now();
            await RunWorkersAsync(workers, round, operation);
            var cost = CpuMeter.PerMessage(before, cpu.Now(), round);
            if (cost.ProcessMs > 0.9 * previous || i == MaxRounds)
            {
                return (i * round, cost);
            }
            previous = cost.ProcessMs;
        }
    }

    /// <summary>Rows per second written by <paramref name="workers"/> connections, each running its own loop.</summary>
    private async Task<(double PerSecond, CpuMeter.Cost Cpu)> BaselineAsync(NpgsqlDataSource dataSource, int workers, bool transaction, CancellationToken cancellationToken)
    {
        var connections = new NpgsqlConnection[workers];
        for (var i = 0; i < workers; i++)
        {
            connections[i] = await dataSource.OpenConnectionAsync(cancellationToken);
        }
        var tenantId = host.TenantId;
        var next = 0;

        async Task WriteAsync(NpgsqlConnection connection)
        {
            var id = Guid.CreateVersion7();
            var now = DateTimeOffset.UtcNow;
            var subject = Payloads.Subject(Interlocked.Increment(ref next));
            await using var batch = new NpgsqlBatch(connection);
            var message = new NpgsqlBatchCommand(InsertMessage);
            message.Parameters.Add(new() { Value = id });
            message.Parameters.Add(new() { Value = tenantId });
            message.Parameters.Add(new() { Value = now });
            foreach (var text in new[] { Payloads.CallerName, Payloads.Organization, Payloads.CallbackE164, Payloads.ForWhom, subject, Payloads.Body, Payloads.Note })
            {
                message.Parameters.Add(new() { Value = text });
            }
            if (!transaction)
            {
                batch.BatchCommands.Add(message);
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            // MessageService.CreateAsync's writes: EF sends both INSERTs as one batch, then pg_notify, then COMMIT.
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            batch.Transaction = tx;
            batch.BatchCommands.Add(message);
            var timeline = new NpgsqlBatchCommand(InsertEvent);
            timeline.Parameters.Add(new() { Value = tenantId });
            timeline.Parameters.Add(new() { Value = id });
            timeline.Parameters.Add(new() { Value = now });
            batch.BatchCommands.Add(timeline);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await using (var notify = new NpgsqlCommand("SELECT pg_notify('bench_intake', $1)", connection, tx))
            {
                notify.Parameters.Add(new() { Value = $"c|{tenantId}|{id}" });
                await notify.ExecuteNonQueryAsync(cancellationToken);
            }
            await tx.CommitAsync(cancellationToken);
        }

        try
        {
            var free = new System.Collections.Concurrent.ConcurrentBag<NpgsqlConnection>(connections);
            async Task OneAsync()
            {
                free.TryTake(out var connection);
                try
                {
                    await WriteAsync(connection!);
                }
                finally
                {
                    free.Add(connection!);
                }
            }
            await RunWorkersAsync(workers, Math.Min(options.IntakeWarmup, 500), OneAsync);
            var cpuBefore = cpu.Now();
            var (elapsed, _) = await RunWorkersAsync(workers, options.IntakeMessages, OneAsync);
            return (options.IntakeMessages / elapsed.TotalSeconds, CpuMeter.PerMessage(cpuBefore, cpu.Now(), options.IntakeMessages));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="total"/> operations on <paramref name="workers"/> concurrent loops; wall time and per-operation latency.</summary>
    private static async Task<(TimeSpan Elapsed, Percentiles Latency)> RunWorkersAsync(int workers, int total, Func<Task> operation)
    {
        var issued = -1;
        var latencies = new List<double>[workers];
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (Interlocked.Increment(ref issued) < total)
            {
                var start = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        watch.Stop();
        return (watch.Elapsed, Percentiles.Of(latencies.SelectMany(l => l).ToList()));
    }
}
