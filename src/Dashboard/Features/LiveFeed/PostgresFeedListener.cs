using System.Threading.Channels;
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
    IHubContext<MessagesHub> hub,
    HubConnectionRegistry hubConnections,
    OpenCircuits circuits,
    DashboardMetrics metrics,
    TimeProvider time,
    ILogger<PostgresFeedListener> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePing = TimeSpan.FromSeconds(15);

    private readonly Channel<FeedSignal> signals = Channel.CreateUnbounded<FeedSignal>(new() { SingleReader = true });

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
                        signals.Writer.TryWrite(signal);
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
        try
        {
            await foreach (var signal in signals.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DispatchOneAsync(signal, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogDispatchFailed(logger, ex, signal.MessageId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DispatchOneAsync(FeedSignal signal, CancellationToken cancellationToken)
    {
        using var activity = DashboardTelemetry.StartForMessage(
            "feed.dispatch", signal.TenantId, signal.MessageId, System.Diagnostics.ActivityKind.Consumer, signal.ParentContext);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(signal.TenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(cancellationToken);
        var message = await db.FindDtoAsync(signal.MessageId, cancellationToken);
        if (message is null)
        {
            return;
        }
        var outlook = message.Status == MessageStatus.New ? await EscalationOutlook.LoadAsync(db, message.Id, cancellationToken) : null;
        var change = new FeedChange(signal.Kind, message, outlook);
        var eventName = signal.Kind == FeedChangeKind.Created ? MessagesHub.CreatedEvent : MessagesHub.UpdatedEvent;
        notifier.Publish(change);
        // Commit to handed over for delivery on this node: the queues and hub sends below are not awaited.
        metrics.FeedPushed(signal.Kind, message.UpdatedAt, time.GetUtcNow());
        // SignalR writes to each connection on its own (one slow connection's pending write does not hold up the
        // others), but the returned task completes only when every write has: awaiting it here would let one
        // stuck connection hold up the next message for everyone. Its faults are only logged.
        _ = SendToHubAsync(signal, eventName, message, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not push message {MessageId} to this node's watchers")]
    private static partial void LogDispatchFailed(ILogger logger, Exception ex, Guid messageId);
}
