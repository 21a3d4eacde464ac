using Dashboard.Data;
using Dashboard.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.Messages;

/// <summary>
/// Records, acknowledges, resolves and marks messages seen. Each change is raised as a message event
/// (<see cref="MessageWrite"/>) inside its transaction: the timeline row and every subscriber (escalation
/// planning, the feed signal) commit with it, so a watcher never hears of a change that did not commit. The
/// context comes from the caller's scope, so the tenant query filter and save check apply to all of it.
/// </summary>
public sealed class MessageService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, MessageEvents events)
{
    /// <summary>
    /// Records a call. With an idempotency record, the record is stored in the same transaction, so a
    /// concurrent retry with the same key fails on its primary key instead of creating a second message.
    /// </summary>
    public async Task<Message> CreateAsync(Guid tenantId, MessageValidator.ValidMessage input, Actor actor,
        CancellationToken cancellationToken, IdempotencyRecord? idempotency = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // SaveChanges inside a transaction otherwise wraps its batch in SAVEPOINT / RELEASE: two more round trips and a
        // subtransaction per call, there so the transaction could go on after a failed save. Nothing here goes on: a
        // failed save (a concurrent retry's idempotency key) ends the call and rolls everything back.
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var message = NewMessage(tenantId, input, actor);
        System.Diagnostics.Activity.Current?.SetTag("dashboard.message.id", message.Id);
        db.Messages.Add(message);
        if (idempotency is not null)
        {
            idempotency.MessageId = message.Id;
            idempotency.CreatedAt = message.UpdatedAt;
            db.IdempotencyRecords.Add(idempotency);
        }
        var write = events.For(db);
        await write.RaiseAsync(new MessageRecorded(message), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        write.Committed();
        return message;
    }

    internal Message NewMessage(Guid tenantId, MessageValidator.ValidMessage input, Actor actor)
    {
        var now = time.GetUtcNow();
        var message = new Message
        {
            TenantId = tenantId,
            ReceivedAt = input.ReceivedAt ?? now,
            CallerName = input.CallerName,
            CallerOrganization = input.CallerOrganization,
            CallbackNumber = input.CallbackNumber,
            ForWhom = input.ForWhom,
            Subject = input.Subject,
            Body = input.Body,
            Urgency = input.Urgency,
            OperatorNote = input.OperatorNote,
            OperatorName = actor.Name,
            Status = MessageStatus.New,
            UpdatedAt = now,
        };
        message.Events.Add(new MessageEvent
        {
            TenantId = tenantId, Kind = MessageEventKind.Created, At = now,
            ActorUserId = actor.UserId, ActorName = actor.Name, Channel = actor.Channel,
        });
        return message;
    }

    /// <summary>
    /// Moves New to Acknowledged with a conditional UPDATE: of any number of concurrent callers exactly one
    /// wins; the others get <see cref="TransitionOutcome.AlreadyDone"/> and the message as the winner left it.
    /// </summary>
    public Task<TransitionResult> AcknowledgeAsync(Guid messageId, Actor actor, CancellationToken cancellationToken) =>
        TransitionAsync(messageId, actor, MessageEventKind.Acknowledged, cancellationToken);

    /// <summary>Resolves a New or Acknowledged message (resolving implies it was taken).</summary>
    public Task<TransitionResult> ResolveAsync(Guid messageId, Actor actor, CancellationToken cancellationToken) =>
        TransitionAsync(messageId, actor, MessageEventKind.Resolved, cancellationToken);

    private async Task<TransitionResult> TransitionAsync(Guid messageId, Actor actor, MessageEventKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var target = await db.Messages.Where(m => m.Id == messageId)
            .Select(m => new { m.TenantId }).FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return new TransitionResult(TransitionOutcome.NotFound, null);
        }

        // Lock first, then stamp: the acknowledgement time is when it took effect, after any escalation send
        // that held the row (those send under a share lock), so "nobody contacted after it" is checkable.
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Messages" WHERE "Id" = {messageId} FOR UPDATE""", cancellationToken);
        var now = time.GetUtcNow();
        var scope = db.Messages.Where(m => m.Id == messageId);
        var changed = kind == MessageEventKind.Acknowledged
            ? await scope.Where(m => m.Status == MessageStatus.New).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Acknowledged)
                .SetProperty(m => m.AcknowledgedAt, now)
                .SetProperty(m => m.AcknowledgedBy, actor.Name)
                .SetProperty(m => m.AcknowledgedVia, actor.Channel)
                .SetProperty(m => m.UpdatedAt, now), cancellationToken)
            : await scope.Where(m => m.Status != MessageStatus.Resolved).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Resolved)
                .SetProperty(m => m.AcknowledgedAt, m => m.AcknowledgedAt ?? now)
                .SetProperty(m => m.AcknowledgedBy, m => m.AcknowledgedBy ?? actor.Name)
                .SetProperty(m => m.AcknowledgedVia, m => m.AcknowledgedVia ?? actor.Channel)
                .SetProperty(m => m.ResolvedAt, now)
                .SetProperty(m => m.ResolvedBy, actor.Name)
                .SetProperty(m => m.ResolvedVia, actor.Channel)
                .SetProperty(m => m.UpdatedAt, now), cancellationToken);

        var write = events.For(db);
        if (changed == 1 && kind == MessageEventKind.Acknowledged)
        {
            await write.RaiseAsync(new MessageAcknowledged(target.TenantId, messageId, now, actor), cancellationToken);
        }
        else if (changed == 1)
        {
            await write.RaiseAsync(new MessageResolved(target.TenantId, messageId, now, actor), cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        write.Committed();
        var current = await db.FindDtoAsync(messageId, cancellationToken);
        return new TransitionResult(changed == 1 ? TransitionOutcome.Changed : TransitionOutcome.AlreadyDone, current);
    }

    /// <summary>Records that a user opened the message; once per user, however often they look.</summary>
    public async Task MarkSeenAsync(Guid messageId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId is null)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var tenantId = await db.Messages.Where(m => m.Id == messageId).Select(m => (Guid?)m.TenantId).FirstOrDefaultAsync(cancellationToken);
        if (tenantId is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        var write = events.For(db);
        // Raised (and its row written) at most once per user: a second look changes nothing.
        if (await write.RaiseAsync(new MessageSeen(tenantId.Value, messageId, now, actor), cancellationToken))
        {
            await db.Messages.Where(m => m.Id == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedAt, now), cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        write.Committed();
    }

    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception?.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}

public enum TransitionOutcome
{
    Changed,
    AlreadyDone,
    NotFound,
}

public sealed record TransitionResult(TransitionOutcome Outcome, MessageDto? Message);
