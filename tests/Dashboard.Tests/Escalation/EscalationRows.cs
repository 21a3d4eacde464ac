using Dashboard.Features.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Escalation;

/// <summary>A message's escalation state and attempts as stored, read with a system context, for tests to wait on.</summary>
public static class EscalationRows
{
    public static async Task<MessageEscalation?> EscalationAsync(string connectionString, Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(connectionString);
        return await db.MessageEscalations.AsNoTracking().FirstOrDefaultAsync(e => e.MessageId == messageId, TestContext.Current.CancellationToken);
    }

    public static async Task<List<NotificationAttempt>> AttemptsAsync(string connectionString, Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(connectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.CreatedAt)
            .ToListAsync(TestContext.Current.CancellationToken);
    }
}
