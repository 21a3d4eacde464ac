using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// Sustained load: messages POSTed on a fixed schedule (message i is due at start + i / rate; several workers so that a
/// slow request does not hold the schedule back) while hub clients (SignalR over WebSockets, the tenant key) and feed
/// subscribers (<see cref="LiveFeedState"/>, a circuit's state without a browser) watch. Every watcher should hear every
/// message's messageCreated / Created change; latency is from just before the POST to each watcher.
/// </summary>
internal sealed class SoakBenchmark(BenchHost host, Options options)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, long> postedAt = new();

    public sealed record Result(int Messages, double Rate, double Achieved, Percentiles Hub, Percentiles Feed,
        long HubMissing, long FeedMissing, int Closed, int Reconnects, int Failed, long FeedResyncs, TimeSpan MaxStartLateness)
    {
        /// <summary>
        /// Sustained the rate: POSTs went out at 150 a second or more, or every one of a schedule of 150 a second or more
        /// started within a second of its slot (a timer wakes a few milliseconds late, so a run that kept to its schedule
        /// comes out a hair under it).
        /// </summary>
        public bool Sustained(double rate) => Achieved >= rate || (Rate >= rate && MaxStartLateness <= TimeSpan.FromSeconds(1));
    }

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var hubs = new Watcher[options.SoakHubs];
        var feeds = new Watcher[options.SoakFeeds];
        var closed = 0;
        var reconnects = 0;
        long feedNulls = 0;
        var connections = new List<HubConnection>();
        var scopes = new List<AsyncServiceScope>();
        try
        {
            for (var i = 0; i < hubs.Length; i++)
            {
                var watcher = hubs[i] = new Watcher(this, options.SoakMessages);
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(host.BaseAddress, "/hubs/messages"), HttpTransportType.WebSockets, o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(BenchHost.TenantKey);
                        o.SkipNegotiation = true;
                    })
                    .Build();
                connection.On<IdOnly>(MessagesHub.CreatedEvent, m => watcher.Receive(m.Id, Stopwatch.GetTimestamp()));
                connection.Closed += _ =>
                {
                    Interlocked.Increment(ref closed);
                    return Task.CompletedTask;
                };
                connection.Reconnecting += _ =>
                {
                    Interlocked.Increment(ref reconnects);
                    return Task.CompletedTask;
                };
                await connection.StartAsync(cancellationToken);
                connections.Add(connection);
            }
            for (var i = 0; i < feeds.Length; i++)
            {
                var watcher = feeds[i] = new Watcher(this, options.SoakMessages);
                var scope = host.Services.CreateAsyncScope();
                scopes.Add(scope);
                scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(host.TenantId);
                var feed = scope.ServiceProvider.GetRequiredService<LiveFeedState>();
                feed.Changed += change =>
                {
                    if (change is { Kind: FeedChangeKind.Created } c)
                    {
                        watcher.Receive(c.Message.Id, Stopwatch.GetTimestamp());
                    }
                    else if (change is null)
                    {
                        // A re-count or a reload (after a full queue): pushes dropped for a reload show up as missing.
                        Interlocked.Increment(ref feedNulls);
                    }
                    return Task.CompletedTask;
                };
                await feed.StartAsync(cancellationToken);
            }

            var failed = 0;
            var next = -1;
            long lastStart = 0;
            long maxLateTicks = 0;
            var started = Stopwatch.GetTimestamp();
            using var http = host.CreateClient(BenchHost.OperatorKey, options.SoakWorkers);
            await Task.WhenAll(Enumerable.Range(0, options.SoakWorkers).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < options.SoakMessages; i = Interlocked.Increment(ref next))
                {
                    var due = TimeSpan.FromSeconds(i / options.SoakRate) - Stopwatch.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, cancellationToken);
                    }
                    var start = Stopwatch.GetTimestamp();
                    InterlockedMax(ref lastStart, start);
                    InterlockedMax(ref maxLateTicks, (Stopwatch.GetElapsedTime(started, start) - TimeSpan.FromSeconds(i / options.SoakRate)).Ticks);
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/v1/messages", Payloads.Input(i + 1), cancellationToken);
                        response.EnsureSuccessStatusCode();
                        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
                        postedAt[id] = start;
                        foreach (var watcher in hubs.Concat(feeds))
                        {
                            watcher.Settle(id, start);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
            // The rate POSTs went out at: with every worker busy, the next one starts late. Measured to the last POST's
            // completion instead, a run that kept to its schedule came out just under it (the last response's latency).
            var posting = Stopwatch.GetElapsedTime(started, Volatile.Read(ref lastStart));
            var posted = postedAt.Count;

            // Drain: wait until every watcher has every posted message, or give up.
            var drain = Stopwatch.StartNew();
            while (drain.Elapsed < DrainTimeout && hubs.Concat(feeds).Any(w => w.Count < posted))
            {
                await Task.Delay(100, cancellationToken);
            }
            return new Result(posted, options.SoakRate, posted > 1 ? (posted - 1) / posting.TotalSeconds : 0,
                Percentiles.Of([.. hubs.SelectMany(w => w.Latencies)]), Percentiles.Of([.. feeds.SelectMany(w => w.Latencies)]),
                hubs.Sum(w => (long)(posted - w.Count)), feeds.Sum(w => (long)(posted - w.Count)),
                Volatile.Read(ref closed), Volatile.Read(ref reconnects), failed, Interlocked.Read(ref feedNulls),
                TimeSpan.FromTicks(Volatile.Read(ref maxLateTicks)));
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private sealed record IdOnly(Guid Id);

    /// <summary>One watcher's receipts. A push can beat the POST's response; it is kept until the POST's start time is known.</summary>
    private sealed class Watcher(SoakBenchmark owner, int capacity)
    {
        private readonly ConcurrentDictionary<Guid, long> pending = new();
        private readonly ConcurrentDictionary<Guid, double> received = new(Environment.ProcessorCount, capacity);

        public int Count => received.Count;

        public IEnumerable<double> Latencies => received.Values;

        public void Receive(Guid id, long at)
        {
            if (owner.postedAt.TryGetValue(id, out var start))
            {
                received.TryAdd(id, Percentiles.Ms(start, at));
            }
            else
            {
                pending.TryAdd(id, at);
                // The POST may have settled in between; settle again so the receipt is not stranded.
                if (owner.postedAt.TryGetValue(id, out start))
                {
                    Settle(id, start);
                }
            }
        }

        public void Settle(Guid id, long start)
        {
            if (pending.TryRemove(id, out var at))
            {
                received.TryAdd(id, Percentiles.Ms(start, at));
            }
        }
    }

    private static void InterlockedMax(ref long location, long value)
    {
        for (var seen = Volatile.Read(ref location); seen < value; seen = Volatile.Read(ref location))
        {
            if (Interlocked.CompareExchange(ref location, value, seen) == seen)
            {
                return;
            }
        }
    }
}
