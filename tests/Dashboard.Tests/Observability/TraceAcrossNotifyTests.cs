using System.Collections.Concurrent;
using System.Diagnostics;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Observability;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Npgsql;

namespace Dashboard.Tests.Observability;

/// <summary>Node A sends the trace context over NOTIFY; node B runs the same version with the switch still off (mid-roll).</summary>
public sealed class TracePropagatingNodesFixture : AppFixture
{
    public DashboardApp SecondNode { get; private set; } = default!;

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["Observability:PropagateTraceOverNotify"] = "true";
        return ValueTask.CompletedTask;
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SecondNode = new DashboardApp(ConnectionString);
        await SecondNode.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await SecondNode.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>A message's trace runs from the writer's request through NOTIFY into every node's delivery span.</summary>
public sealed class TraceAcrossNotifyTests(TracePropagatingNodesFixture fixture) : IClassFixture<TracePropagatingNodesFixture>, IAsyncLifetime
{
    private static readonly ActivitySource TestSource = new("Dashboard.Tests.Writer");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task DeliverySpanOnEveryNode_ContinuesTheWritersTrace_WhenTheWriterPropagates()
    {
        using var spans = new DispatchSpans();
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        ActivityTraceId writerTrace;
        Guid messageId;
        using (var writer = TestSource.StartActivity("operator centre posts", ActivityKind.Client))
        {
            Assert.NotNull(writer);
            writerTrace = writer.TraceId;
            // HttpClient sends the current activity as traceparent; the node's request span continues it.
            messageId = (await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "トレース確認", "Normal")).Id;
        }

        // Both nodes hear the NOTIFY; each one's feed.dispatch is a child in the writer's trace.
        var dispatched = await Eventually.ReadAsync(
            () => Task.FromResult(spans.For(messageId)), s => s.Count >= 2, "both nodes' feed.dispatch spans", Token);
        Assert.All(dispatched, s => Assert.Equal(writerTrace, s.TraceId));
        Assert.All(dispatched, s => Assert.Equal(ActivityKind.Consumer, s.Kind));
        Assert.All(dispatched, s => Assert.NotEqual(default, s.ParentSpanId));
    }

    [Fact]
    public async Task NodeWithTheSwitchOff_SendsTheThreeFieldPayloadOlderNodesRead()
    {
        using var spans = new DispatchSpans();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Token);
        var payloads = new ConcurrentQueue<string>();
        connection.Notification += (_, e) => payloads.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {FeedSignal.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(Token);
        }
        using var onB = new HttpClient { BaseAddress = fixture.SecondNode.BaseAddress };
        onB.DefaultRequestHeaders.Authorization = new("Bearer", TestWorld.OperatorKey);
        using var onA = fixture.KeyClient(TestWorld.OperatorKey);

        using (var writer = TestSource.StartActivity("operator centre posts", ActivityKind.Client))
        {
            Assert.NotNull(writer);
            var viaB = await TestMessages.PostAsync(onB, TestMessages.TenantA, "古い形式", "Normal");
            var viaA = await TestMessages.PostAsync(onA, TestMessages.TenantA, "新しい形式", "Normal");
            var (fromB, fromA) = await Eventually.ReadAsync(async () =>
            {
                await connection.WaitAsync(TimeSpan.FromMilliseconds(200), Token);
                var all = payloads.ToArray();
                return (all.FirstOrDefault(p => p.Contains(viaB.Id.ToString(), StringComparison.Ordinal)),
                    all.FirstOrDefault(p => p.Contains(viaA.Id.ToString(), StringComparison.Ordinal)));
            }, p => p.Item1 is not null && p.Item2 is not null, "both signals", Token);

            Assert.Equal(3, fromB!.Split('|').Length);
            Assert.Equal(4, fromA!.Split('|').Length);
            Assert.Contains(writer.TraceId.ToHexString(), fromA, StringComparison.Ordinal);
        }
    }

    /// <summary>Collects stopped feed.dispatch spans (an in-process ActivityListener; other tests' spans are told apart by message).</summary>
    private sealed class DispatchSpans : IDisposable
    {
        private readonly ActivityListener listener;
        private readonly ConcurrentQueue<Activity> stopped = new();

        public DispatchSpans()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name is DashboardTelemetry.SourceName or "Dashboard.Tests.Writer" or "Microsoft.AspNetCore",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.OperationName == "feed.dispatch")
                    {
                        stopped.Enqueue(a);
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);
        }

        public List<Activity> For(Guid messageId) =>
            [.. stopped.Where(a => Equals(a.GetTagItem("dashboard.message.id"), messageId))];

        public void Dispose() => listener.Dispose();
    }
}
