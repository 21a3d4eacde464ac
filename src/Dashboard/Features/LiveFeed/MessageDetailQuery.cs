using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.LiveFeed;

/// <summary>What the message detail page shows: the message, its timeline, its escalation, and its tenant's clock and name.</summary>
public sealed record MessageDetail(MessageDto Message, List<MessageEvent> Timeline, EscalationOutlook? Outlook, TimeZoneInfo TimeZone, string TenantName);

/// <summary>The reads behind /messages/{id}, so the page needs no database context.</summary>
public sealed class MessageDetailQuery(IDbContextFactory<AppDbContext> dbFactory)
{
    /// <summary>The message as the reader may see it, or null: another tenant's message and a missing one look the same (404).</summary>
    public async Task<MessageDetail?> LoadAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.FindDtoAsync(messageId, cancellationToken);
        if (message is null)
        {
            return null;
        }
        var timeline = await db.TimelineAsync(messageId, cancellationToken);
        var outlook = await EscalationOutlook.LoadAsync(db, messageId, cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == message.TenantId, cancellationToken);
        return new MessageDetail(message, timeline, outlook, tenant.TimeZone, tenant.DisplayName);
    }
}
