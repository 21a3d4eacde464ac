using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Commit-to-client latency of the live feed: a message is created through the app's MessageService (the code
/// behind POST /api/v1/messages) and the clock starts the moment its transaction's COMMIT has returned; it
/// stops in each subscriber's messageCreated handler. Messages go one at a time: the next is created once
/// every subscriber has the previous one. The floor is the same measurement for a bare PostgreSQL NOTIFY.
/// </summary>
internal sealed class FanoutBenchmark(BenchHost host, Options options)
{
    private const string FloorChannel = "bench_floor";
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmupTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Probe> probes = new();
    private readonly CpuMeter cpu = new(host.DatabaseName);

    public sealed record Result(int Subscribers, int Messages, Percentiles Floor, Percentiles CommitToClient,
        Percentiles CommitToLastClient, Percentiles PostToClient, long Lost, TimeSpan ConnectTime, CpuMeter.Cost Cpu, string Clients);

    public async Task<List<Result>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<Result>();
        foreach (var subscribers in options.Subscribers)
        {
            var messages = subscribers >= 1000 ? options.MessagesLarge : options.Messages;
            var floor = await MeasureFloorAsync(messages, cancellationToken);
            Console.WriteLine($"  floor (NOTIFY)            {floor.Row()}");
            var result = await MeasureAppAsync(subscribers, messages, floor, cancellationToken);
            Console.WriteLine($"  {subscribers,5} subscribers commit  {result.CommitToClient.Row()}   ratio {result.CommitToClient.RatioTo(floor)}");
            Console.WriteLine($"  {subscribers,5} subscribers last    {result.CommitToLastClient.Row()}");
            Console.WriteLine($"  {subscribers,5} subscribers POST    {result.PostToClient.Row()}");
            Console.WriteLine($"        {result.Clients} clients, connect {result.ConnectTime.TotalSeconds:0.0} s, lost deliveries {result.Lost}, {result.Cpu} (server and subscribers)");
            results.Add(result);
        }
        return results;
    }

    /// <summary>One connection LISTENs, another commits a transaction holding one pg_notify; same clock as the app.</summary>
    private async Task<Percentiles> MeasureFloorAsync(int count, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(host.ConnectionString);
        await using var listener = await dataSource.OpenConnectionAsync(cancellationToken);
        listener.Notification += (_, e) =>
        {
            var at = Stopwatch.GetTimestamp();
            ProbeFor(Guid.Parse(e.Payload), 1).Receive(0, at);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {FloorChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        using var stopListening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await listener.WaitAsync(stopListening.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);

        await using var notifier = await dataSource.OpenConnectionAsync(cancellationToken);
        var samples = new List<double>();
        for (var i = -options.Warmup; i < count; i++)
        {
            var id = Guid.NewGuid();
            await using (var tx = await notifier.BeginTransactionAsync(cancellationToken))
            {
                await using var notify = new NpgsqlCommand($"SELECT pg_notify('{FloorChannel}', @p)", notifier, tx);
                notify.Parameters.AddWithValue("p", id.ToString());
                await notify.ExecuteNonQueryAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
            var committedAt = Stopwatch.GetTimestamp();
            var probe = ProbeFor(id, 1);
            await probe.Done.Task.WaitAsync(DeliveryTimeout, cancellationToken);
            probes.TryRemove(id, out _);
            if (i >= 0)
            {
                samples.AddRange(probe.LatenciesFrom(committedAt));
            }
        }
        await stopListening.CancelAsync();
        await pump;
        return Percentiles.Of(samples);
    }

    private async Task<Result> MeasureAppAsync(int subscriberCount, int count, Percentiles floor, CancellationToken cancellationToken)
    {
        var connectWatch = Stopwatch.StartNew();
        var subscribers = await ConnectAsync(subscriberCount, cancellationToken);
        connectWatch.Stop();
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(host.TenantId);
            var service = scope.ServiceProvider.GetRequiredService<MessageService>();
            using var http = host.CreateClient(BenchHost.OperatorKey, 1);
            var actor = new Actor(null, "bench", ChangeChannel.Api);
            var sequence = 0;

            async Task<Guid> CreateInProcessAsync() =>
                (await service.CreateAsync(host.TenantId, Payloads.Valid(++sequence), actor, cancellationToken)).Id;

            async Task<Guid> PostAsync()
            {
                using var response = await http.PostAsJsonAsync("/api/v1/messages", Payloads.Input(++sequence), cancellationToken);
                response.EnsureSuccessStatusCode();
                var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                return json.GetProperty("id").GetGuid();
            }

            // Warm up until every subscriber has heard one complete message (its group join is done).
            var warm = 0;
            for (var attempt = 0; warm < options.Warmup && attempt < options.Warmup + 20; attempt++)
            {
                var (_, missing) = await SendAsync(CreateInProcessAsync, subscriberCount, startAfter: true, WarmupTimeout, cancellationToken);
                warm = missing == 0 ? warm + 1 : 0;
            }

            // POST-timed messages are interleaved (one per four) so that both clocks see the same conditions.
            var commit = new List<double>(count * subscriberCount);
            var commitLast = new List<double>(count);
            var post = new List<double>(count / 4 * subscriberCount);
            long lost = 0;
            var cpuBefore = cpu.Now();
            for (var i = 0; i < count; i++)
            {
                var (latencies, missing) = await SendAsync(CreateInProcessAsync, subscriberCount, startAfter: true, DeliveryTimeout, cancellationToken);
                commit.AddRange(latencies);
                commitLast.Add(latencies.Count > 0 ? latencies.Max() : double.NaN);
                lost += missing;
                if (i % 4 == 3)
                {
                    (latencies, missing) = await SendAsync(PostAsync, subscriberCount, startAfter: false, DeliveryTimeout, cancellationToken);
                    post.AddRange(latencies);
                    lost += missing;
                }
            }
            var cpuUsed = CpuMeter.PerMessage(cpuBefore, cpu.Now(), count + count / 4);
            return new Result(subscriberCount, count, floor, Percentiles.Of(commit), Percentiles.Of(commitLast), Percentiles.Of(post), lost, connectWatch.Elapsed, cpuUsed,
                options.RawHubClients ? "raw WebSocket" : "HubConnection");
        }
        finally
        {
            await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    /// <summary>
    /// Creates one message and waits until every subscriber has it. With <paramref name="startAfter"/> the clock
    /// starts when <paramref name="create"/> returns (after COMMIT), otherwise just before it is called (before the POST).
    /// </summary>
    private async Task<(List<double> Latencies, int Missing)> SendAsync(
        Func<Task<Guid>> create, int subscriberCount, bool startAfter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var before = Stopwatch.GetTimestamp();
        var id = await create();
        var start = startAfter ? Stopwatch.GetTimestamp() : before;
        var probe = ProbeFor(id, subscriberCount);
        try
        {
            await probe.Done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Counted as lost below; late receipts are ignored.
        }
        probes.TryRemove(id, out _);
        var latencies = probe.LatenciesFrom(start);
        return (latencies, subscriberCount - latencies.Count);
    }

    private async Task<List<IAsyncDisposable>> ConnectAsync(int count, CancellationToken cancellationToken)
    {
        var url = new Uri(host.BaseAddress, "/hubs/messages");
        var connections = new IAsyncDisposable[count];
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async index =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (options.RawHubClients)
                {
                    var raw = new RawHubClient();
                    await raw.StartAsync(url, BenchHost.TenantKey, id => ProbeFor(id, count).Receive(index, Stopwatch.GetTimestamp()), cancellationToken);
                    connections[index] = raw;
                    return;
                }
                var connection = new HubConnectionBuilder()
                    .WithUrl(url, HttpTransportType.WebSockets, o =>
                    {
                        // The .NET client sends the access token as a Bearer header on the WebSocket request.
                        o.AccessTokenProvider = () => Task.FromResult<string?>(BenchHost.TenantKey);
                        o.SkipNegotiation = true;
                    })
                    .Build();
                connection.On<IdOnly>("messageCreated", message =>
                {
                    var at = Stopwatch.GetTimestamp();
                    ProbeFor(message.Id, count).Receive(index, at);
                });
                await connection.StartAsync(cancellationToken);
                connections[index] = connection;
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. connections];
    }

    private Probe ProbeFor(Guid id, int subscribers) => probes.GetOrAdd(id, static (_, n) => new Probe(n), subscribers);

    private sealed record IdOnly(Guid Id);

    /// <summary>Receipt times of one message, one slot per subscriber (0 = not yet).</summary>
    private sealed class Probe(int subscribers)
    {
        private readonly long[] receivedAt = new long[subscribers];
        private int remaining = subscribers;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Receive(int subscriber, long at)
        {
            if (Interlocked.CompareExchange(ref receivedAt[subscriber], at, 0) == 0 && Interlocked.Decrement(ref remaining) == 0)
            {
                Done.TrySetResult();
            }
        }

        public List<double> LatenciesFrom(long start)
        {
            var latencies = new List<double>(receivedAt.Length);
            for (var i = 0; i < receivedAt.Length; i++)
            {
                var at = Volatile.Read(ref receivedAt[i]);
                if (at != 0)
                {
                    latencies.Add(Percentiles.Ms(start, at));
                }
            }
            return latencies;
        }
    }
}
