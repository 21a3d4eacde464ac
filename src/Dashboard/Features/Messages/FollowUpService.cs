using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Messages;

/// <summary>
/// Every write of a callback attempt or a note, one method per action, each raised as a message event
/// (<see cref="CallbackRecorded"/>, <see cref="NoteAdded"/>) inside its transaction, so its subscribers (the feed signal:
/// every watcher sees it) commit with it. The context comes from the caller's scope: the tenant query
/// filter and save check apply, so another tenant's message is simply not found.
/// </summary>
public sealed class FollowUpService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, MessageService messages, MessageEvents events)
{
    /// <summary>
    /// Records one attempt to phone the caller back. The first <see cref="CallbackOutcome.Reached"/> ever recorded marks the
    /// message 折り返し済み (a conditional update: set once, never moved by later attempts). Whoever calls the caller back has
    /// taken the message, so an attempt on a New message acknowledges it first, through the one acknowledge path
    /// (decision 16). With a <paramref name="sourceReference"/> (a bridged call's key) the attempt is recorded once: a second
    /// report under the same key records nothing and answers <see cref="FollowUpOutcome.AlreadyRecorded"/>.
    /// </summary>
    public async Task<FollowUpResult> RecordCallbackAsync(Guid messageId, FollowUpValidator.ValidCallback input, Actor actor,
        CallbackChannel channel, CancellationToken cancellationToken, string? sourceReference = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var target = await db.Messages.Where(m => m.Id == messageId)
            .Select(m => new { m.TenantId, m.ReceivedAt, m.Status }).FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return FollowUpResult.NotFound;
        }
        var now = time.GetUtcNow();
        // A defaulted time is "now", but never before the message itself (an operator centre's clock may run a little ahead).
        var calledAt = input.CalledAt ?? (now > target.ReceivedAt ? now : target.ReceivedAt);
        if (calledAt < target.ReceivedAt)
        {
            return new FollowUpResult(FollowUpOutcome.CalledAtBeforeReceived, null, null);
        }
        if (sourceReference is not null && await AlreadyRecordedAsync(db, sourceReference, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        if (target.Status == MessageStatus.New)
        {
            await messages.AcknowledgeAsync(messageId, actor, cancellationToken);
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var callback = new Callback
        {
            TenantId = target.TenantId, MessageId = messageId, Outcome = input.Outcome, Note = input.Note,
            CalledAt = calledAt, RecordedAt = now, ByUserId = actor.UserId, ByName = actor.Name, Channel = channel,
            DurationSeconds = input.DurationSeconds, SourceReference = sourceReference,
        };
        db.Callbacks.Add(callback);
        var scope = db.Messages.Where(m => m.Id == messageId);
        if (input.Outcome == CallbackOutcome.Reached)
        {
            await scope.Where(m => m.CalledBackAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.CalledBackAt, calledAt)
                .SetProperty(m => m.CalledBackBy, actor.Name), cancellationToken);
        }
        await TouchAsync(db, messageId, now, cancellationToken);
        var write = events.For(db);
        try
        {
            await write.RaiseAsync(new CallbackRecorded(target.TenantId, messageId, callback), cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (sourceReference is not null && ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same report, arriving at the same moment on another request: that one recorded it.
            await tx.RollbackAsync(cancellationToken);
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await AlreadyRecordedAsync(fresh, sourceReference, cancellationToken) ?? throw new InvalidOperationException("A duplicate callback vanished", ex);
        }
        write.Committed();
        return new FollowUpResult(FollowUpOutcome.Recorded, callback.Id, await db.FindDtoAsync(messageId, cancellationToken));
    }

    private static async Task<FollowUpResult?> AlreadyRecordedAsync(AppDbContext db, string sourceReference, CancellationToken cancellationToken)
    {
        var earlier = await db.Callbacks.AsNoTracking().Where(c => c.SourceReference == sourceReference)
            .Select(c => new { c.Id, c.MessageId }).FirstOrDefaultAsync(cancellationToken);
        return earlier is null ? null : new FollowUpResult(FollowUpOutcome.AlreadyRecorded, earlier.Id, await db.FindDtoAsync(earlier.MessageId, cancellationToken));
    }

    /// <summary>Adds a note to the message's timeline.</summary>
    public async Task<FollowUpResult> AddNoteAsync(Guid messageId, FollowUpValidator.ValidNote input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var tenantId = await db.Messages.Where(m => m.Id == messageId).Select(m => (Guid?)m.TenantId).FirstOrDefaultAsync(cancellationToken);
        if (tenantId is null)
        {
            return FollowUpResult.NotFound;
        }
        var now = time.GetUtcNow();
        var note = new MessageNote
        {
            TenantId = tenantId.Value, MessageId = messageId, Text = input.Text, At = now,
            ByUserId = actor.UserId, ByName = actor.Name, Channel = actor.Channel,
        };
        db.MessageNotes.Add(note);
        await TouchAsync(db, messageId, now, cancellationToken);
        var write = events.For(db);
        await write.RaiseAsync(new NoteAdded(tenantId.Value, messageId, note), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        write.Committed();
        return new FollowUpResult(FollowUpOutcome.Recorded, note.Id, await db.FindDtoAsync(messageId, cancellationToken));
    }

    /// <summary>The change stamp moves forward: watchers merge by it, catch-up pages by it.</summary>
    private static Task TouchAsync(AppDbContext db, Guid messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.UpdatedAt, m => m.UpdatedAt > now ? m.UpdatedAt : now), cancellationToken);
}

public enum FollowUpOutcome
{
    Recorded,
    /// <summary>A callback under the same source reference was recorded before: nothing new was written.</summary>
    AlreadyRecorded,
    NotFound,
    CalledAtBeforeReceived,
}

/// <summary>What came of a callback or note: its id and the message as it now stands, or why nothing was written.</summary>
public sealed record FollowUpResult(FollowUpOutcome Outcome, Guid? Id, MessageDto? Message)
{
    public static readonly FollowUpResult NotFound = new(FollowUpOutcome.NotFound, null, null);
}
