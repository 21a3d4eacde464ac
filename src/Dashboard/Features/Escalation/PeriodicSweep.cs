namespace Dashboard.Features.Escalation;

/// <summary>
/// Runs a sweep every few seconds (`Escalation:SweepInterval`, 5 s) on every node that runs jobs. Hangfire's recurring
/// jobs fire at most once a minute, which would let work lost with a dead node slip by up to a minute. A failed sweep
/// (the database briefly away) is logged and the next tick tries again.
/// </summary>
public abstract partial class PeriodicSweep(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger logger)
    : BackgroundService
{
    /// <summary>One sweep, in a fresh scope.</summary>
    protected abstract Task SweepAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Escalation:SweepInterval", TimeSpan.FromSeconds(5));
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await SweepAsync(scope.ServiceProvider, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex, GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sweep} failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex, string sweep);
}
