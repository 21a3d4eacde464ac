using System.Diagnostics.Metrics;
using Dashboard.Features.Observability;
using Npgsql;

namespace Dashboard.Features.Escalation;

/// <summary>The outbox's backlog as a gauge on the product's meter (docs/architecture.md, "Running it, and watching it").</summary>
public sealed partial class OutboxGauges(NpgsqlDataSource dataSource, ILogger<OutboxGauges> logger) : IDashboardGauges
{
    public void Register(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("dashboard.outbox.backlog", ReadOutboxBacklog, description: "Notification attempts not yet sent (pending or sending), all tenants");
    }

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
