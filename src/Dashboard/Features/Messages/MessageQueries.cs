using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Messages;

/// <summary>Reads messages as DTOs. Every query goes through the tenant query filter of the context passed in.</summary>
public static class MessageQueries
{
    public static IQueryable<MessageDto> ToDtos(this IQueryable<Message> messages, AppDbContext db) =>
        from m in messages
        join t in db.Tenants on m.TenantId equals t.Id
        select new MessageDto(
            m.Id, t.Slug, m.ReceivedAt, m.CallerName, m.CallerOrganization, m.CallbackNumber, m.ForWhom,
            m.Subject, m.Body, m.Urgency, m.OperatorNote, m.OperatorName, m.Status,
            m.AcknowledgedAt, m.AcknowledgedBy, m.AcknowledgedVia, m.ResolvedAt, m.ResolvedBy, m.ResolvedVia,
            m.UpdatedAt,
            m.Events.Where(e => e.Kind == MessageEventKind.Seen).OrderBy(e => e.At).Select(e => e.ActorName).ToList())
        { TenantId = m.TenantId };

    public static Task<MessageDto?> FindDtoAsync(this AppDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.Id == id).ToDtos(db).FirstOrDefaultAsync(cancellationToken);

    public sealed record Filter(Guid? TenantId = null, MessageStatus? Status = null, Urgency? Urgency = null,
        DateTimeOffset? UpdatedSince = null, int Limit = 200);

    public static Task<List<MessageDto>> ListAsync(this AppDbContext db, Filter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Messages.AsQueryable();
        if (filter.TenantId is { } tenantId)
        {
            query = query.Where(m => m.TenantId == tenantId);
        }
        if (filter.Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }
        if (filter.Urgency is { } urgency)
        {
            query = query.Where(m => m.Urgency == urgency);
        }
        if (filter.UpdatedSince is { } since)
        {
            query = query.Where(m => m.UpdatedAt >= since);
        }
        return query.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Take(filter.Limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);
    }

    public static Task<List<MessageEvent>> TimelineAsync(this AppDbContext db, Guid messageId, CancellationToken cancellationToken) =>
        db.MessageEvents.Where(e => e.MessageId == messageId).OrderBy(e => e.At).ThenBy(e => e.Id)
            .AsNoTracking().ToListAsync(cancellationToken);
}
