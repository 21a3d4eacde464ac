using Dashboard.Data;
using Dashboard.Features.Notifications;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Deadlines' side of the channels' reply contract: "1" on a reminder call means "I am calling them now" and snoozes the
/// board alert once (<see cref="CallbackDeadlineSnooze"/>). The path's subject is the message (its deadline's key).
/// </summary>
public sealed class ReminderSnoozeReplies(IDbContextFactory<AppDbContext> dbFactory, CallbackReminderContent reminders, TimeProvider time, IBackgroundJobClient jobs)
    : INotificationReplyHandler
{
    public ReplyMeaning Meaning => ReplyMeaning.SnoozeCallbackReminder;

    public async Task<ReplyContext?> DescribeAsync(ReplyPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var reminder = await reminders.DescribeAsync(path.TenantId, path.SubjectId, cancellationToken);
        return reminder is null ? null : new ReplyContext(reminder.Points.Name, reminder.Points.Language, reminder.Content,
            Open: reminder.Deadline.Stage == DeadlineStage.Reminded && reminder.Deadline.SnoozedAt is null);
    }

    /// <summary>Reminder calls are not outbox rows: nothing records their progress (the timeline says the reminder went out).</summary>
    public Task<bool> ReportAsync(ReplyPath path, DeliveryReport report, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task<ReplyResult> ReplyAsync(ReplyPath path, NotificationChannel via, string? reachedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Messages" WHERE "Id" = {path.SubjectId} AND "TenantId" = {path.TenantId} FOR UPDATE""", cancellationToken);
        var deadline = await db.CallbackDeadlines.FirstOrDefaultAsync(d => d.MessageId == path.SubjectId && d.TenantId == path.TenantId, cancellationToken);
        if (deadline is null)
        {
            return new ReplyResult(ReplyOutcome.NotFound);
        }
        if (!CallbackDeadlineSnooze.TrySnooze(deadline, time.GetUtcNow()))
        {
            return new ReplyResult(ReplyOutcome.AlreadyDone);
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        CallbackDeadlineJobs.Schedule(jobs, deadline.TenantId, deadline.MessageId, deadline.Sequence, deadline.NextAt, time.GetUtcNow());
        return new ReplyResult(ReplyOutcome.Done);
    }
}
