using System.Diagnostics.Metrics;
using Dashboard.Features.Escalation;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Notifications;
using Npgsql;

namespace Dashboard.Features.Observability;

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
    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<DashboardMetrics> logger;
    private int openCircuits;
    private int connectedCircuits;

    public DashboardMetrics(IMeterFactory meters, HubConnectionRegistry hubConnections, NpgsqlDataSource dataSource,
        IConfiguration configuration, ILogger<DashboardMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(configuration);
        this.dataSource = dataSource;
        this.logger = logger;
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
        meter.CreateObservableGauge("dashboard.hub.connections", () => hubConnections.Count, description: "SignalR hub connections open on this node");
        meter.CreateObservableGauge("dashboard.outbox.backlog", ReadOutboxBacklog, description: "Notification attempts not yet sent (pending or sending), all tenants");
    }

    /// <summary>A change reached this node's watchers. Only new messages are measured: their UpdatedAt is stamped in the creating transaction.</summary>
    public void FeedPushed(FeedChangeKind kind, DateTimeOffset stampedAt, DateTimeOffset now)
    {
        if (kind == FeedChangeKind.Created)
        {
            pushLatency.Record(Math.Max(0, (now - stampedAt).TotalSeconds));
        }
    }

    public void EscalationStepRan(DateTimeOffset dueAt, DateTimeOffset now) =>
        escalationLateness.Record(Math.Max(0, (now - dueAt).TotalSeconds));

    /// <summary>One send try ended: sent, transient, rejected, unknown, cancelled or paced.</summary>
    public void AttemptTried(NotificationChannel channel, string outcome) =>
        attempts.Add(1, new KeyValuePair<string, object?>("channel", channel.ToString()), new KeyValuePair<string, object?>("outcome", outcome));

    public void ListenerReconnected() => listenerReconnects.Add(1);

    public void CircuitOpened() => Interlocked.Increment(ref openCircuits);

    public void CircuitClosed() => Interlocked.Decrement(ref openCircuits);

    public void CircuitConnected() => Interlocked.Increment(ref connectedCircuits);

    public void CircuitDisconnected() => Interlocked.Decrement(ref connectedCircuits);

    /// <summary>Read at scrape time only (a gauge callback is synchronous): one indexed count, two seconds at most.</summary>
    private IEnumerable<Measurement<long>> ReadOutboxBacklog()
    {
        var rows = new List<Measurement<long>>(2);
        try
        {
            using var command = dataSource.CreateCommand(
                $"""SELECT "Status", count(*) FROM "NotificationAttempts" WHERE "Status" IN ({(int)AttemptStatus.Pending}, {(int)AttemptStatus.Sending}) GROUP BY "Status" """);
            command.CommandTimeout = 2;
            var counts = new Dictionary<int, long> { [(int)AttemptStatus.Pending] = 0, [(int)AttemptStatus.Sending] = 0 };
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    counts[reader.GetInt32(0)] = reader.GetInt64(1);
                }
            }
            foreach (var (status, count) in counts)
            {
                rows.Add(new Measurement<long>(count, new KeyValuePair<string, object?>("status", ((AttemptStatus)status).ToString())));
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // No reading is better than a wrong one; the scrape still answers.
            LogBacklogUnreadable(logger, ex);
        }
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the outbox backlog for metrics")]
    private static partial void LogBacklogUnreadable(ILogger logger, Exception ex);
}
