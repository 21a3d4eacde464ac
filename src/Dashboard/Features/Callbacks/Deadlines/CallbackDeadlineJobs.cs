using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Hangfire entry points for callback deadlines, built like the escalation steps: ids only, the tenant explicit, safe to
/// run twice (every decision is made again under the message row's lock from the database state; a stale sequence does
/// nothing). At the deadline: remind the person who acknowledged. After <see cref="DeadlineTimings.ReminderGrace"/> (or a
/// snooze): the board raises 折り返し未完了 and the tenant's escalation policy continues with its next step.
/// </summary>
public sealed partial class CallbackDeadlineJobs(
    IServiceScopeFactory scopes, TimeProvider time, IBackgroundJobClient jobs, ILogger<CallbackDeadlineJobs> logger)
{
    public static void Schedule(IBackgroundJobClient jobs, Guid tenantId, Guid messageId, int sequence, DateTimeOffset dueAt, DateTimeOffset now) =>
        jobs.At<CallbackDeadlineJobs>(j => j.RunAsync(tenantId, messageId, sequence, CancellationToken.None), dueAt, now);

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    public async Task RunAsync(Guid tenantId, Guid messageId, int sequence, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(tenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // The message row first, as acknowledging, resolving and recording a callback do.
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Messages" WHERE "Id" = {messageId} AND "TenantId" = {tenantId} FOR UPDATE""", cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        var deadline = await db.CallbackDeadlines.FirstOrDefaultAsync(d => d.MessageId == messageId, cancellationToken);
        if (message is null || deadline is null || deadline.Sequence != sequence || deadline.Stage is not (DeadlineStage.Waiting or DeadlineStage.Reminded))
        {
            return; // stale wake-up
        }
        var now = time.GetUtcNow();
        if (message.Status == MessageStatus.Resolved || message.CalledBackAt is not null)
        {
            // Ended elsewhere without this row hearing of it (it always does today): end it here too.
            deadline.Stage = DeadlineStage.Ended;
            deadline.EndedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return;
        }
        if (deadline.NextAt - now > DeadlineTimings.EarlyTolerance)
        {
            await tx.RollbackAsync(cancellationToken);
            Schedule(jobs, tenantId, messageId, sequence, deadline.NextAt, now);
            return;
        }

        var write = scope.ServiceProvider.GetRequiredService<MessageEvents>().For(db);
        message.UpdatedAt = now;
        MessageEscalation? resumed = null;
        deadline.Sequence++;
        if (deadline.Stage == DeadlineStage.Waiting)
        {
            deadline.Stage = DeadlineStage.Reminded;
            deadline.NextAt = now + DeadlineTimings.ReminderGrace;
            await write.RaiseAsync(new CallbackReminded(tenantId, messageId, now, deadline.AcknowledgedBy), cancellationToken);
        }
        else
        {
            deadline.Stage = DeadlineStage.Alerted;
            message.CallbackAlertedAt = now;
            resumed = await EscalationResumption.ResumeAsync(db, messageId, now, cancellationToken);
            await write.RaiseAsync(new CallbackOverdue(tenantId, messageId, now), cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        write.Committed();
        LogStage(logger, messageId, deadline.Stage);

        if (deadline.Stage == DeadlineStage.Reminded)
        {
            Schedule(jobs, tenantId, messageId, deadline.Sequence, deadline.NextAt, now);
            // After commit: a reminder that fails to go out is logged; the board alert still follows.
            await scope.ServiceProvider.GetRequiredService<CallbackReminders>().SendAsync(tenantId, messageId, cancellationToken);
        }
        else if (resumed is not null)
        {
            EscalationResumption.Schedule(jobs, resumed, now);
        }
    }

    /// <summary>Every few seconds on every node: runs any running deadline whose wake-up was lost. The lock and the sequence make a second node's run a no-op.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        List<(Guid TenantId, Guid MessageId, int Sequence)> overdue;
        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
            var cutoff = time.GetUtcNow() - DeadlineTimings.OverdueAfter;
            overdue = (await db.CallbackDeadlines.AsNoTracking()
                .Where(d => (d.Stage == DeadlineStage.Waiting || d.Stage == DeadlineStage.Reminded) && d.NextAt < cutoff)
                .OrderBy(d => d.NextAt).Select(d => new { d.TenantId, d.MessageId, d.Sequence }).Take(500).ToListAsync(cancellationToken))
                .Select(d => (d.TenantId, d.MessageId, d.Sequence)).ToList();
        }
        foreach (var (tenantId, messageId, sequence) in overdue)
        {
            LogSweepFound(logger, messageId);
            await RunAsync(tenantId, messageId, sequence, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback deadline of message {MessageId}: now {Stage}")]
    private static partial void LogStage(ILogger logger, Guid messageId, DeadlineStage stage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep found overdue callback deadline of message {MessageId}; running it now")]
    private static partial void LogSweepFound(ILogger logger, Guid messageId);
}
