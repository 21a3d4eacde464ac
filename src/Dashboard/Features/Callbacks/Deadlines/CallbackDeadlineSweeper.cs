namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>Runs <see cref="CallbackDeadlineJobs.SweepAsync"/> every few seconds on every node that runs jobs (as the escalation sweep does).</summary>
public sealed partial class CallbackDeadlineSweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<CallbackDeadlineSweeper> logger)
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
                    await scope.ServiceProvider.GetRequiredService<CallbackDeadlineJobs>().SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSweepFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback deadline sweep failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception ex);
}
