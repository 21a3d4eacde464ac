namespace Dashboard.Features.Escalation;

/// <summary>
/// Runs the sweep every few seconds on every node that runs jobs. Hangfire's recurring jobs fire at most once a
/// minute, which would let a step lost with a dead node slip by up to a minute; this bounds it to
/// <see cref="EscalationJobs.OverdueAfter"/> plus one interval.
/// </summary>
public sealed partial class EscalationSweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<EscalationSweeper> logger)
    : BackgroundService
{
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
                    await scope.ServiceProvider.GetRequiredService<EscalationJobs>().SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be briefly unreachable; the next tick tries again.
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation sweep failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
