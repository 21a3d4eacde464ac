using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Observability;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// Every node runs one: it LISTENs on the feed channel, reads each changed message once, and pushes it to
/// this node's circuits and hub connections. NOTIFY has no replay, so after a lost connection it asks
/// every watcher to reload from the database. It never waits on a watcher: circuits are queued per subscriber
/// (<see cref="FeedNotifier"/>) and hub sends are not awaited on the dispatch path.
/// </summary>
public sealed partial class PostgresFeedListener(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    FeedNotifier notifier,
    FeedCounts counts,
    IHubContext<MessagesHub> hub,
    HubConnectionRegistry hubConnections,
    OpenCircuits circuits,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<PostgresFeedListener> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePing = TimeSpan.FromSeconds(15);

    /// <summary>Signals waiting for dispatch at most; past that the node is far behind and every watcher reloads instead.</summary>
    public const int SignalCapacity = 10_000;

    /// <summary>Signals dispatched together: one scope and two queries for all of them instead of per signal.</summary>
    public const int BatchSize = 100;

    private readonly FeedSignalBuffer signals = new(SignalCapacity);

    /// <summary>Completed once the first LISTEN is in place; tests and start-up wait on it.</summary>
    public TaskCompletionSource Listening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether LISTEN is in place right now; /readyz reports the node unready while it is not.</summary>
    public bool IsListening => Volatile.Read(ref listening);

    private bool listening;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), DispatchAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connectedBefore = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Channel == AccessRevoked.Channel)
                    {
                        // Cheap and local: abort this node's matching connections right here.
                        if (AccessRevoked.Parse(e.Payload) is { } revoked)
                        {
                            hubConnections.Close(revoked);
                            circuits.Recheck(revoked);
                        }
                    }
                    else if (FeedSignal.Parse(e.Payload) is { } signal)
                    {
                        // When full, the queue remembers it and the dispatcher turns it into a reload for all.
                        signals.Offer(signal);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {FeedSignal.Channel}; LISTEN {AccessRevoked.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                Volatile.Write(ref listening, true);
                Listening.TrySetResult();
                if (connectedBefore)
                {
                    metrics.ListenerReconnected();
                    LogResync(logger);
                    notifier.ResyncAll();
                    // Not awaited, for the same reason as the pushes: notifications are only read while this loop waits.
                    _ = SendResyncToHubAsync(stoppingToken);
                }
                connectedBefore = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A silently dropped TCP connection would wait forever: ping when idle, so a dead one throws and is replaced.
                    if (!await connection.WaitAsync(IdlePing, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                Volatile.Write(ref listening, false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                Volatile.Write(ref listening, false);
                LogListenFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        var batch = new List<FeedSignal>(BatchSize);
        try
        {
            while (await signals.ReadAsync(batch, BatchSize, stoppingToken) is var read and not FeedSignalRead.Completed)
            {
                if (read == FeedSignalRead.Overflowed)
                {
                    LogOverflow(logger, SignalCapacity);
                    notifier.ResyncAll();
                    _ = SendResyncToHubAsync(stoppingToken);
                    continue;
                }
                try
                {
                    await DispatchBatchAsync(batch, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogDispatchFailed(logger, ex, batch.Count, batch[0].MessageId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The signals waiting, read together: one scope, one DTO query and one outlook query for all (one at a time, the
    /// soak's dispatcher fell minutes behind intake). A message signalled twice in a batch is pushed once, as it now stands.
    /// </summary>
    private async Task DispatchBatchAsync(List<FeedSignal> batch, CancellationToken cancellationToken)
    {
        var byMessage = new Dictionary<Guid, FeedSignal>(batch.Count);
        foreach (var signal in batch)
        {
            // Created wins: a client that never saw the message must hear it as new.
            if (!byMessage.TryGetValue(signal.MessageId, out var seen) || (signal.Kind == FeedChangeKind.Created && seen.Kind != FeedChangeKind.Created))
            {
                byMessage[signal.MessageId] = seen is null ? signal : signal with { TraceParent = seen.TraceParent ?? signal.TraceParent };
            }
        }
        await using var scope = scopes.CreateAsyncScope();
        // Every tenant: the batch mixes them; each message is then delivered only to the watchers that may see it.
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(cancellationToken);
        var messages = (await db.FindDtosAsync(byMessage.Keys, cancellationToken)).ToDictionary(m => m.Id);
        var open = messages.Values.Where(m => m.Status == MessageStatus.New).Select(m => m.Id).ToList();
        var outlooks = open.Count > 0 ? await EscalationOutlook.LoadAsync(db, open, cancellationToken) : new Dictionary<Guid, EscalationOutlook>();
        foreach (var signal in byMessage.Values)
        {
            // A signal naming another tenant than its message's is not trusted with the message.
            if (!messages.TryGetValue(signal.MessageId, out var message) || message.TenantId != signal.TenantId)
            {
                continue;
            }
            // One span per message, a child of the writer's when the signal carried its trace context.
            using var activity = DashboardTelemetry.StartForMessage(
                "feed.dispatch", signal.TenantId, signal.MessageId, System.Diagnostics.ActivityKind.Consumer, signal.ParentContext);
            activity?.SetTag("dashboard.feed.batch_size", batch.Count);
            var change = new FeedChange(signal.Kind, message, outlooks.GetValueOrDefault(message.Id));
            var eventName = signal.Kind == FeedChangeKind.Created ? MessagesHub.CreatedEvent : MessagesHub.UpdatedEvent;
            notifier.Publish(change);
            // Commit to handed over for delivery on this node: the queues and hub sends below are not awaited.
            if (signal.Kind == FeedChangeKind.Created)
            {
                metrics.NewMessagePushed(message.UpdatedAt, time.GetUtcNow());
            }
            // SignalR writes to each connection on its own (one slow connection's pending write does not hold up the
            // others), but the returned task completes only when every write has: awaiting it here would let one
            // stuck connection hold up the next message for everyone. Its faults are only logged.
            _ = SendToHubAsync(signal, eventName, message, cancellationToken);
        }
        // Once per tenant per batch for the whole node, not once per watcher.
        foreach (var tenantId in messages.Values.Select(m => m.TenantId).Distinct())
        {
            counts.Changed(tenantId);
        }
    }

    private async Task SendResyncToHubAsync(CancellationToken cancellationToken)
    {
        try
        {
            await hub.Clients.All.SendAsync(MessagesHub.ResyncEvent, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHubSendFailed(logger, ex, Guid.Empty);
        }
    }

    private async Task SendToHubAsync(FeedSignal signal, string eventName, MessageDto message, CancellationToken cancellationToken)
    {
        try
        {
            await hub.Clients.Groups(MessagesHub.TenantGroup(signal.TenantId), MessagesHub.AllTenantsGroup)
                .SendAsync(eventName, message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHubSendFailed(logger, ex, signal.MessageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed listener lost its PostgreSQL connection; retrying")]
    private static partial void LogListenFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed listener reconnected; asking every watcher to reload")]
    private static partial void LogResync(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send message {MessageId} to every hub connection")]
    private static partial void LogHubSendFailed(ILogger logger, Exception ex, Guid messageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not push {Count} changes (the first: message {MessageId}) to this node's watchers")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex, int count, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "More than {Capacity} feed signals were waiting; asking every watcher to reload instead")]
    private static partial void LogOverflow(ILogger logger, int capacity);
}
