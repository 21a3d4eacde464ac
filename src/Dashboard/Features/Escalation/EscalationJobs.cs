using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Hangfire entry points. Jobs carry ids only, take the tenant explicitly, and are safe to run twice:
/// every decision is made again under a row lock from the database state.
/// </summary>
public sealed partial class EscalationJobs(
    IServiceScopeFactory scopes, TimeProvider time, IBackgroundJobClient jobs, ILogger<EscalationJobs> logger)
{
    /// <summary>Hangfire stores whole seconds and may start a job up to a second early; within this it counts as due.</summary>
    private static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(1);

    /// <summary>A wake-up whose row is this overdue was lost (crashed node, missed schedule): the sweep runs it.</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromSeconds(10);

    public static void Schedule(IBackgroundJobClient jobs, Guid tenantId, Guid messageId, int sequence, DateTimeOffset dueAt, DateTimeOffset now) =>
        jobs.At<EscalationJobs>(j => j.RunStepAsync(tenantId, messageId, sequence, CancellationToken.None), dueAt, now);

    /// <summary>Runs the step the escalation is waiting on, if it is still due and the message still unacknowledged.</summary>
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    public async Task RunStepAsync(Guid tenantId, Guid messageId, int sequence, CancellationToken cancellationToken)
    {
        using var activity = Observability.DashboardTelemetry.StartForMessage("escalation.step", tenantId, messageId);
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(tenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);

        // Same lock order as acknowledging (message row first), so an acknowledgement and a step never both win.
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Messages" WHERE "Id" = {messageId} AND "TenantId" = {tenantId} FOR UPDATE""", cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        var escalation = await db.MessageEscalations.FirstOrDefaultAsync(e => e.MessageId == messageId, cancellationToken);
        if (message is null || escalation is null || escalation.State != EscalationState.Active || escalation.Sequence != sequence)
        {
            return; // stale wake-up: the state moved on
        }
        var now = time.GetUtcNow();
        if (!EscalationResumption.StillWanted(message.Status, message.CalledBackAt, escalation.ResumedAt))
        {
            escalation.State = EscalationState.Stopped;
            escalation.EndedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return;
        }
        if (escalation.NextDueAt - now > EarlyTolerance)
        {
            await tx.RollbackAsync(cancellationToken);
            Schedule(jobs, tenantId, messageId, sequence, escalation.NextDueAt, now);
            return;
        }

        scope.ServiceProvider.GetRequiredService<Observability.DashboardMetrics>().EscalationStepRan(escalation.NextDueAt, now);
        var version = await db.EscalationPolicyVersions.AsNoTracking().FirstAsync(v => v.Id == escalation.PolicyVersionId, cancellationToken);
        var step = version.Steps[escalation.StepIndex];
        var attempts = await EscalationTargets.AttemptsForAsync(db, scope.ServiceProvider.GetRequiredService<Notifications.NotificationChannelCatalog>(),
            message, step, escalation, now, cancellationToken);
        db.NotificationAttempts.AddRange(attempts);
        Advance(escalation, version, now);
        message.UpdatedAt = now;
        // The timeline rows and the feed signal go through the one write path for messages.
        var write = scope.ServiceProvider.GetRequiredService<MessageEvents>().For(db);
        await write.RaiseAsync(new EscalationStepTaken(tenantId, messageId, now,
            string.Join(", ", attempts.Select(a => $"{a.RecipientName} ({a.Channel})"))), cancellationToken);
        if (escalation.State == EscalationState.Exhausted)
        {
            await write.RaiseAsync(new EscalationExhausted(tenantId, messageId, now), cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        write.Committed();
        LogStepRan(logger, messageId, attempts.Count, escalation.State);

        foreach (var attempt in attempts.Where(a => a.Status == AttemptStatus.Pending))
        {
            jobs.Enqueue<NotificationJobs>(j => j.SendAsync(tenantId, attempt.Id, CancellationToken.None));
        }
        if (escalation.State == EscalationState.Active)
        {
            Schedule(jobs, tenantId, messageId, escalation.Sequence, escalation.NextDueAt, now);
        }
    }

    /// <summary>Moves to the next step (or round), or marks the escalation exhausted. Due times count from the previous due time, not from when the job happened to run.</summary>
    internal static void Advance(MessageEscalation escalation, EscalationPolicyVersion version, DateTimeOffset now)
    {
        escalation.Sequence++;
        escalation.StepIndex++;
        if (escalation.StepIndex >= version.Steps.Count)
        {
            escalation.StepIndex = 0;
            escalation.Round++;
        }
        if (escalation.Round >= Math.Max(1, version.Repeats))
        {
            escalation.State = EscalationState.Exhausted;
            escalation.EndedAt = now;
            return;
        }
        escalation.NextDueAt = escalation.NextDueAt.AddMinutes(version.Steps[escalation.StepIndex].DelayMinutes);
    }

    /// <summary>
    /// Every few seconds on every node (<see cref="EscalationSweeper"/>): runs any active escalation whose wake-up
    /// was lost (a node died holding it, a schedule failed) and sends any attempt whose send job was lost.
    /// Safe on several nodes at once: each step re-checks its state under the row lock, each send claims first.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        List<(Guid TenantId, Guid MessageId, int Sequence)> overdue;
        List<(Guid TenantId, Guid AttemptId)> unsent;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            var cutoff = now - OverdueAfter;
            overdue = (await db.MessageEscalations.AsNoTracking()
                .Where(e => e.State == EscalationState.Active && e.NextDueAt < cutoff)
                .OrderBy(e => e.NextDueAt)
                .Select(e => new { e.TenantId, e.MessageId, e.Sequence }).Take(500).ToListAsync(cancellationToken))
                .Select(e => (e.TenantId, e.MessageId, e.Sequence)).ToList();
            // A send held back by its channel's pace (a number is called once a minute) is pending on purpose while its
            // address was reached on that channel within the pace: the claim re-checks the same under its lock. Any other
            // pending attempt whose error says a try failed has lost its retry (a node died, or the retries ran out while
            // the provider was away): it is sent again like any other, whatever the channel.
            var catalog = scope.ServiceProvider.GetRequiredService<Notifications.NotificationChannelCatalog>();
            var paceStart = now - catalog.LongestPace;
            var paced = catalog.Paced.ToArray();
            unsent = (await db.NotificationAttempts.AsNoTracking()
                .Where(a => a.Status == AttemptStatus.Pending && a.UpdatedAt < cutoff
                    && (a.Error == null || !paced.Contains(a.Channel) || !db.NotificationAttempts.IgnoreQueryFilters().Any(b =>
                        b.Address == a.Address && b.Channel == a.Channel && b.Id != a.Id && b.SentAt > paceStart)))
                .OrderBy(a => a.CreatedAt)
                .Select(a => new { a.TenantId, a.Id }).Take(500).ToListAsync(cancellationToken))
                .Select(a => (a.TenantId, a.Id)).ToList();
        }
        foreach (var (tenantId, messageId, sequence) in overdue)
        {
            LogSweepFound(logger, messageId);
            await RunStepAsync(tenantId, messageId, sequence, cancellationToken);
        }
        foreach (var (tenantId, attemptId) in unsent)
        {
            LogSweepUnsent(logger, attemptId);
            jobs.Enqueue<NotificationJobs>(j => j.SendAsync(tenantId, attemptId, CancellationToken.None));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation step for message {MessageId}: {Attempts} attempts, now {State}")]
    private static partial void LogStepRan(ILogger logger, Guid messageId, int attempts, EscalationState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep found overdue escalation of message {MessageId}; running it now")]
    private static partial void LogSweepFound(ILogger logger, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep found attempt {AttemptId} still unsent; sending it now")]
    private static partial void LogSweepUnsent(ILogger logger, Guid attemptId);
}
