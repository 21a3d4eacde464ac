using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Messages;

/// <summary>
/// One write to messages, in one open transaction: the one place every change to a message is recorded
/// (its timeline row) and announced (its handlers). Made by <see cref="MessageEvents.For"/>; the writer
/// commits, then calls <see cref="Committed"/>.
/// </summary>
public sealed partial class MessageWrite
{
    private readonly IServiceProvider services;
    private readonly ILogger logger;
    private readonly List<Action> afterCommit = [];

    internal MessageWrite(AppDbContext db, IServiceProvider services, ILogger logger)
    {
        Db = db;
        this.services = services;
        this.logger = logger;
    }

    public AppDbContext Db { get; }

    /// <summary>
    /// Writes the change's timeline row, runs its handlers and saves, all inside the open transaction.
    /// Returns false when the change had already happened (a second "seen" of the same user): nothing is raised.
    /// </summary>
    public async Task<bool> RaiseAsync<TEvent>(TEvent change, CancellationToken cancellationToken) where TEvent : IMessageEvent
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Message events are raised inside the transaction that makes the change.");
        }
        if (change is MessageSeen seen)
        {
            if (!await InsertSeenOnceAsync(seen, cancellationToken))
            {
                return false;
            }
        }
        else if (change.TimelineRow() is { } row)
        {
            Db.MessageEvents.Add(row);
        }
        foreach (var handler in services.GetServices<IMessageEventSubscriber<TEvent>>())
        {
            await handler.HandleAsync(change, this, cancellationToken);
        }
        foreach (var handler in services.GetServices<IMessageEventSubscriber<IMessageEvent>>())
        {
            await handler.HandleAsync(change, this, cancellationToken);
        }
        await Db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Runs <paramref name="action"/> after the writer's commit; never if it rolls back.</summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        afterCommit.Add(action);
    }

    /// <summary>
    /// Called by the writer once its transaction committed. The change is stored, so a failing action must not
    /// fail the caller (who would write it again): it is logged, and the others still run.
    /// </summary>
    public void Committed()
    {
        foreach (var action in afterCommit)
        {
            try
            {
                action();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAfterCommitFailed(logger, ex);
            }
        }
        afterCommit.Clear();
    }

    // The partial unique index makes "seen" idempotent even when two tabs open it at once.
    private async Task<bool> InsertSeenOnceAsync(MessageSeen seen, CancellationToken cancellationToken)
    {
        var inserted = await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO "MessageEvents" ("TenantId", "MessageId", "Kind", "At", "ActorUserId", "ActorName", "Channel")
            VALUES ({seen.TenantId}, {seen.MessageId}, {(int)MessageEventKind.Seen}, {seen.At}, {seen.By.UserId}, {seen.By.Name}, {(int)seen.By.Channel})
            ON CONFLICT ("MessageId", "ActorUserId") WHERE "Kind" = 1 DO NOTHING
            """, cancellationToken);
        return inserted == 1;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message event's after-commit action failed")]
    private static partial void LogAfterCommitFailed(ILogger logger, Exception ex);
}

/// <summary>Starts <see cref="MessageWrite"/>s; scoped, so handlers come from the writer's scope.</summary>
public sealed class MessageEvents(IServiceProvider services, ILogger<MessageEvents> logger)
{
    public MessageWrite For(AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new MessageWrite(db, services, logger);
    }
}

public static class MessageEventRegistration
{
    /// <summary>Subscribes <typeparamref name="THandler"/> (scoped) to <typeparamref name="TEvent"/>.</summary>
    public static IServiceCollection AddMessageEventSubscriber<TEvent, THandler>(this IServiceCollection services)
        where TEvent : IMessageEvent
        where THandler : class, IMessageEventSubscriber<TEvent>
    {
        services.AddScoped<IMessageEventSubscriber<TEvent>, THandler>();
        return services;
    }
}
