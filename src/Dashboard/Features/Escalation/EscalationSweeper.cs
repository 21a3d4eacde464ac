namespace Dashboard.Features.Escalation;

/// <summary>
/// Runs <see cref="EscalationJobs.SweepAsync"/> every few seconds, which bounds a step lost with a dead node to
/// <see cref="EscalationJobs.OverdueAfter"/> plus one interval.
/// </summary>
public sealed class EscalationSweeper(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<EscalationSweeper> logger)
    : PeriodicSweep(scopes, time, configuration, logger)
{
    protected override Task SweepAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<EscalationJobs>().SweepAsync(cancellationToken);
}
