using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// Push-to-screen with dead watchers, no browser: N <see cref="LiveFeedState"/>s (the per-circuit state, each subscribed to
/// the node's <see cref="FeedNotifier"/> exactly as a circuit's is) hold the feed. A dead one's Changed handler (where the
/// page would call InvokeAsync and the browser) hangs for Blazor's 60 s JS interop timeout, as a closed or frozen tab's did
/// on the old code; a live one's records the time. The clock starts just before POST /api/v1/messages and stops in each
/// live handler. Messages go one at a time, Urgent and Normal in turn (the sequence), the next once every live
/// subscriber has the previous one. The baseline is the same run with no dead subscribers.
/// </summary>
internal sealed class DeliveryBenchmark(BenchHost host, Options options)
{
    /// <summary>What a JS interop call to a browser that is gone costs: Blazor's default JSInteropDefaultCallTimeout.</summary>
    public static readonly TimeSpan DeadHang = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(70);

    private readonly ConcurrentDictionary<Guid, Probe> probes = new();

    public sealed record Result(int Subscribers, int Dead, Percentiles PostToScreen, Percentiles PostToLast, long Lost, long DeadHandled);

    public async Task<List<Result>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<Result>();
        foreach (var dead in new[] { 0, options.DeliveryDead }.Distinct())
        {
            var result = await MeasureAsync(options.DeliverySubscribers, dead, cancellationToken);
            var label = $"{result.Subscribers} feeds, {result.Dead} dead";
            Console.WriteLine($"  {label,-22} screen {result.PostToScreen.Row()}");
            Console.WriteLine($"  {label,-22} last   {result.PostToLast.Row()}");
            Console.WriteLine($"        lost deliveries {result.Lost}; changes the dead handlers took in {result.DeadHandled} (hang {DeadHang.TotalSeconds:0} s each); load avg {Machine.LoadAverage()}");
            results.Add(result);
        }
        return results;
    }

    private async Task<Result> MeasureAsync(int subscriberCount, int deadCount, CancellationToken cancellationToken)
    {
        var live = subscriberCount - deadCount;
        using var hang = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long deadHandled = 0;
        var scopes = new List<AsyncServiceScope>();
        var step = deadCount > 0 ? Math.Max(1, subscriberCount / deadCount) : 1;
        try
        {
            for (var i = 0; i < subscriberCount; i++)
            {
                var scope = host.Services.CreateAsyncScope();
                scopes.Add(scope);
                scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(host.TenantId);
                var feed = scope.ServiceProvider.GetRequiredService<LiveFeedState>();
                // Dead ones spread among the live ones, so none of them is first or last in the notifier's order by design.
                var index = i;
                var isDead = deadCount > 0 && i % step == 0 && i / step < deadCount;
                // The tab dies once the feed has loaded (the page subscribes before StartAsync, which raises Changed).
                var dead = false;
                feed.Changed += isDead
                    ? async _ =>
                    {
                        if (!Volatile.Read(ref dead))
                        {
                            return;
                        }
                        Interlocked.Increment(ref deadHandled);
                        await Task.Delay(DeadHang, hang.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
                    }
                    : change =>
                    {
                        if (change is { Kind: FeedChangeKind.Created } c)
                        {
                            var at = Stopwatch.GetTimestamp();
                            ProbeFor(c.Message.Id, live).Receive(index, at);
                        }
                        return Task.CompletedTask;
                    };
                await feed.StartAsync(cancellationToken);
                Volatile.Write(ref dead, isDead);
            }

            using var http = host.CreateClient(BenchHost.OperatorKey, 1);
            var sequence = 0;
            long lost = 0;
            var screen = new List<double>(options.DeliveryMessages * live);
            var last = new List<double>(options.DeliveryMessages);
            for (var i = -options.Warmup; i < options.DeliveryMessages; i++)
            {
                var input = Payloads.Input(++sequence);
                input.Urgency = sequence % 2 == 1 ? "Urgent" : "Normal";
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/v1/messages", input, cancellationToken);
                response.EnsureSuccessStatusCode();
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
                var probe = ProbeFor(id, live);
                try
                {
                    await probe.Done.Task.WaitAsync(DeliveryTimeout, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Counted as lost below.
                }
                probes.TryRemove(id, out _);
                var latencies = probe.LatenciesFrom(start);
                if (i >= 0)
                {
                    screen.AddRange(latencies);
                    last.Add(latencies.Count > 0 ? latencies.Max() : double.NaN);
                    lost += live - latencies.Count;
                }
            }
            return new Result(subscriberCount, deadCount, Percentiles.Of(screen), Percentiles.Of(last), lost, Interlocked.Read(ref deadHandled));
        }
        finally
        {
            // Scopes first: a dead feed let go before its scope is disposed would start its pending reload on a disposed scope.
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
            await hang.CancelAsync();
        }
    }

    private Probe ProbeFor(Guid id, int subscribers) => probes.GetOrAdd(id, static (_, n) => new Probe(n), subscribers);

    /// <summary>Receipt times of one message by the live subscribers (slot by subscriber index; 0 = not yet).</summary>
    private sealed class Probe(int expected)
    {
        private readonly ConcurrentDictionary<int, long> receivedAt = new();
        private int remaining = expected;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Receive(int subscriber, long at)
        {
            if (receivedAt.TryAdd(subscriber, at) && Interlocked.Decrement(ref remaining) == 0)
            {
                Done.TrySetResult();
            }
        }

        public List<double> LatenciesFrom(long start) => [.. receivedAt.Values.Select(at => Percentiles.Ms(start, at))];
    }
}
