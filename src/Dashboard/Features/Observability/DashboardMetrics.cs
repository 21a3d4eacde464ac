using System.Diagnostics.Metrics;

namespace Dashboard.Features.Observability;

/// <summary>
/// A feature's own gauges on the product's meter (registered as a singleton; read when the meter is made), so
/// Observability needs to know no feature: LiveFeed counts its hub connections, Escalation its outbox.
/// </summary>
public interface IDashboardGauges
{
    void Register(Meter meter);
}

/// <summary>
/// The product's own metrics, in one place: the feature code only calls one method at each measurement point.
/// Exported by OpenTelemetry (Prometheus scrape at /metrics when enabled); names follow OpenTelemetry's dotted style.
/// </summary>
public sealed partial class DashboardMetrics
{
    public const string MeterName = "Dashboard";

    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Histogram<double> pushLatency;
    private readonly Histogram<double> escalationLateness;
    private readonly Counter<long> attempts;
    private readonly Counter<long> listenerReconnects;
    private int openCircuits;
    private int connectedCircuits;

    public DashboardMetrics(IMeterFactory meters, IEnumerable<IDashboardGauges> gauges, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(gauges);
        ArgumentNullException.ThrowIfNull(configuration);
        // Tagged with the node: OpenTelemetry tells meters apart by name and tags, so two hosts in one process (tests,
        // each with its own instance id) keep separate streams instead of one's vanishing when the other stops.
        var instance = configuration["Observability:InstanceId"] ?? Environment.MachineName;
        var meter = meters.Create(new MeterOptions(MeterName) { Tags = [new("dashboard.instance", instance)] });
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        pushLatency = meter.CreateHistogram("dashboard.feed.push_latency", "s",
            "From a new message's commit-time stamp to this node having handed it to its circuits and hub connections", advice: seconds);
        escalationLateness = meter.CreateHistogram("dashboard.escalation.lateness", "s",
            "From an escalation step's due time to its attempts being written to the outbox", advice: seconds);
        attempts = meter.CreateCounter<long>("dashboard.notification.attempts", description: "Send tries of notification attempts, by channel and outcome");
        listenerReconnects = meter.CreateCounter<long>("dashboard.feed.listener.reconnects", description: "Times the feed listener lost PostgreSQL and listened again");
        meter.CreateObservableGauge("dashboard.circuits.open", () => Volatile.Read(ref openCircuits), description: "Blazor circuits alive on this node (connected or waiting for their browser)");
        meter.CreateObservableGauge("dashboard.circuits.connected", () => Volatile.Read(ref connectedCircuits), description: "Blazor circuits whose browser is connected to this node");
        foreach (var feature in gauges)
        {
            feature.Register(meter);
        }
    }

    /// <summary>A new message reached this node's watchers (only new ones are measured: their UpdatedAt is stamped in the creating transaction).</summary>
    public void NewMessagePushed(DateTimeOffset stampedAt, DateTimeOffset now) =>
        pushLatency.Record(Math.Max(0, (now - stampedAt).TotalSeconds));

    public void EscalationStepRan(DateTimeOffset dueAt, DateTimeOffset now) =>
        escalationLateness.Record(Math.Max(0, (now - dueAt).TotalSeconds));

    /// <summary>One send try ended: sent, transient, rejected, unknown, cancelled or paced.</summary>
    public void AttemptTried(string channel, string outcome) =>
        attempts.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    public void ListenerReconnected() => listenerReconnects.Add(1);

    public void CircuitOpened() => Interlocked.Increment(ref openCircuits);

    public void CircuitClosed() => Interlocked.Decrement(ref openCircuits);

    public void CircuitConnected() => Interlocked.Increment(ref connectedCircuits);

    public void CircuitDisconnected() => Interlocked.Decrement(ref connectedCircuits);
}
