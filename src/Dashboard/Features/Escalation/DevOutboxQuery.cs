using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>An attempt as the development outbox lists it, with its message's subject.</summary>
public sealed record DevOutboxEntry(NotificationAttempt Attempt, string Subject);

/// <summary>The development outbox's read (/dev/outbox), so the page needs no database context.</summary>
public sealed class DevOutboxQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The newest attempts of every channel the reader may see, newest first.</summary>
    public async Task<List<DevOutboxEntry>> NewestAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from a in db.NotificationAttempts
                      join m in db.Messages on a.MessageId equals m.Id
                      orderby a.CreatedAt descending
                      select new DevOutboxEntry(a, m.Subject)).Take(count).AsNoTracking().ToListAsync(cancellationToken);
    }
}
