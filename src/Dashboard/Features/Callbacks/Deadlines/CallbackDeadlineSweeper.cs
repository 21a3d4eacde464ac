using Dashboard.Features.Escalation;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>Runs <see cref="CallbackDeadlineJobs.SweepAsync"/> every few seconds on every node that runs jobs, as the escalation sweep does.</summary>
public sealed class CallbackDeadlineSweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<CallbackDeadlineSweeper> logger)
    : PeriodicSweep(scopes, time, configuration, logger)
{
    protected override Task SweepAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<CallbackDeadlineJobs>().SweepAsync(cancellationToken);
}
