using Hangfire;
using Hangfire.AspNetCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Runs this node's Hangfire server on this host's own storage and services. Hangfire's AddHangfireServer
/// falls back on static globals (JobStorage.Current), which mixes up hosts that share a process.
/// </summary>
public sealed class HangfireServerHost(JobStorage storage, IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService, IAsyncDisposable
{
    /// <summary>How long a heartbeat counts: Hangfire's ServerTimeout below, after which other nodes consider this server dead.</summary>
    private static readonly TimeSpan HeartbeatValidFor = TimeSpan.FromSeconds(30);

    private BackgroundJobServer? server;

    /// <summary>This host's server name (unique even when two hosts share a process), so /readyz can find its own heartbeat.</summary>
    public string ServerName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();

    /// <summary>Whether this node's job server has a recent heartbeat in the job storage (read from the database).</summary>
    public bool HasRecentHeartbeat(DateTime utcNow) =>
        server is not null && storage.GetMonitoringApi().Servers().Any(s =>
            s.Name.StartsWith(ServerName, StringComparison.OrdinalIgnoreCase) && s.Heartbeat is { } beat && utcNow - beat < HeartbeatValidFor);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            Activator = new AspNetCoreJobActivator(scopes),
            ServerName = ServerName,
            // A step due at 12:05:00 must go out at 12:05:00, not when a 15-second poller next wakes: at 1 s the
            // poll alone made p99 1.4 s late (docs/benchmarks.md, section 3). Configurable for that benchmark.
            SchedulePollingInterval = configuration.GetValue("Escalation:SchedulePollingInterval", TimeSpan.FromMilliseconds(250)),
            ServerCheckInterval = TimeSpan.FromSeconds(10),
            ServerTimeout = TimeSpan.FromSeconds(30),
            WorkerCount = Math.Max(4, Environment.ProcessorCount * 2),
        }, storage);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        server?.Dispose();
        server = null;
        return ValueTask.CompletedTask;
    }
}
