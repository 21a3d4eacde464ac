using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Retention;

/// <summary>What one run deleted for one tenant.</summary>
public sealed record RetentionRun(Guid TenantId, int Messages, int Events, int Attempts)
{
    public bool DeletedAnything => Messages + Events + Attempts > 0;
}

/// <summary>
/// Deletes each tenant's expired data, daily: timeline details and notification attempts older than the tenant's detail
/// period, then messages older than its message period (their remaining timeline and attempts go with them). Batches of
/// <see cref="BatchSize"/> rows, each its own short statement (no long transaction, no long lock), always with the
/// tenant's id, never a row of a message whose escalation is still active, and rows another transaction holds are left
/// for the next run. One audit entry per tenant and run (counts, not rows), as a system action.
/// The message's own lifecycle events (created, acknowledged, resolved) stay as long as the message: its ack and resolve
/// stamps say the same.
/// </summary>
public sealed class RetentionJob(IDbContextFactory<AppDbContext> dbFactory, TenantContext tenantContext, TimeProvider time)
{
    public const string RecurringJobId = "retention";
    /// <summary>03:30 in Tokyo, the quietest hour of the answering service.</summary>
    public const string Cron = "30 3 * * *";
    public const int BatchSize = 1000;
    public const string AuditEntity = "Retention";

    /// <summary>Kinds kept with the message however old ("Kind" NOT IN these is the partial index's predicate).</summary>
    public static readonly MessageEventKind[] LifecycleKinds = [MessageEventKind.Created, MessageEventKind.Acknowledged, MessageEventKind.Resolved];

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<IReadOnlyList<RetentionRun>> RunAsync(CancellationToken cancellationToken)
    {
        tenantContext.SetSystem();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await (
            from t in db.Tenants.AsNoTracking()
            join s in db.RetentionSettings.AsNoTracking() on t.Id equals s.TenantId into settings
            from s in settings.DefaultIfEmpty()
            select new { t.Id, MessageMonths = s == null ? RetentionSettings.DefaultMessageMonths : s.MessageMonths, DetailMonths = s == null ? RetentionSettings.DefaultDetailMonths : s.DetailMonths })
            .ToListAsync(cancellationToken);
        var runs = new List<RetentionRun>();
        foreach (var tenant in tenants)
        {
            var run = await PurgeTenantAsync(db, tenant.Id, tenant.MessageMonths, tenant.DetailMonths, cancellationToken);
            runs.Add(run);
        }
        return runs;
    }

    private async Task<RetentionRun> PurgeTenantAsync(AppDbContext db, Guid tenantId, int messageMonths, int detailMonths, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var detailCutoff = now.AddMonths(-detailMonths);
        var messageCutoff = now.AddMonths(-messageMonths);
        const int active = (int)EscalationState.Active;

        // Each statement is its own transaction; the literal kinds match IX_MessageEvents_Detail's predicate.
        var events = await RepeatAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM "MessageEvents" WHERE "Id" IN (
                SELECT ev."Id" FROM "MessageEvents" ev
                WHERE ev."TenantId" = {tenantId} AND ev."At" < {detailCutoff} AND ev."Kind" NOT IN (0, 2, 3)
                  AND NOT EXISTS (SELECT 1 FROM "MessageEscalations" e WHERE e."MessageId" = ev."MessageId" AND e."State" = {active})
                ORDER BY ev."At" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), cancellationToken);
        var attempts = await RepeatAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM "NotificationAttempts" WHERE "Id" IN (
                SELECT a."Id" FROM "NotificationAttempts" a
                WHERE a."TenantId" = {tenantId} AND a."CreatedAt" < {detailCutoff}
                  AND NOT EXISTS (SELECT 1 FROM "MessageEscalations" e WHERE e."MessageId" = a."MessageId" AND e."State" = {active})
                ORDER BY a."CreatedAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), cancellationToken);
        // The foreign keys cascade to what is left of each message (lifecycle events, its escalation row).
        var messages = await RepeatAsync(() => db.Database.ExecuteSqlAsync($"""
            DELETE FROM "Messages" WHERE "Id" IN (
                SELECT m."Id" FROM "Messages" m
                WHERE m."TenantId" = {tenantId} AND m."ReceivedAt" < {messageCutoff}
                  AND NOT EXISTS (SELECT 1 FROM "MessageEscalations" e WHERE e."MessageId" = m."Id" AND e."State" = {active})
                ORDER BY m."ReceivedAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
            """, cancellationToken), cancellationToken);

        var run = new RetentionRun(tenantId, messages, events, attempts);
        if (run.DeletedAnything)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = time.GetUtcNow(), TenantId = tenantId, ActorUserId = null, ActorName = "system",
                Entity = AuditEntity, EntityId = tenantId.ToString(), Action = AuditAction.Deleted,
                After = JsonSerializer.Serialize(new
                {
                    run.Messages, run.Events, run.Attempts, MessagesBefore = messageCutoff, DetailsBefore = detailCutoff, MessageMonths = messageMonths, DetailMonths = detailMonths,
                }),
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        return run;
    }

    /// <summary>Runs one batch after another until a batch comes back short; the total deleted.</summary>
    private static async Task<int> RepeatAsync(Func<Task<int>> batch, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await batch();
            total += deleted;
        }
        while (deleted == BatchSize);
        return total;
    }
}
