using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Messages;

/// <summary>
/// Reads messages as DTOs. Every query goes through the tenant query filter of the context passed in, and every one
/// is shaped for an index (docs/benchmarks.md, section 4): keysets rather than offsets, and counts over the open rows only.
/// </summary>
public static class MessageQueries
{
    /// <summary>
    /// One query, deliberately: seen-by, callbacks and notes are a handful of rows per message, so their joined product
    /// stays small, and a read stays one round trip (the listener does one per change per node).
    /// </summary>
    public static IQueryable<MessageDto> ToDtos(this IQueryable<Message> messages, AppDbContext db) =>
        (from m in messages
        join t in db.Tenants on m.TenantId equals t.Id
        select new MessageDto(
            m.Id, t.Slug, m.ReceivedAt, m.CallerName, m.CallerOrganization, m.CallbackNumber, m.ForWhom,
            m.Subject, m.Body, m.Urgency, m.OperatorNote, m.OperatorName, m.Status,
            m.AcknowledgedAt, m.AcknowledgedBy, m.AcknowledgedVia, m.ResolvedAt, m.ResolvedBy, m.ResolvedVia,
            m.UpdatedAt,
            m.Events.Where(e => e.Kind == MessageEventKind.Seen).OrderBy(e => e.At).Select(e => e.ActorName).ToList(),
            m.CalledBackAt,
            m.CalledBackBy,
            m.CallbackDueAt,
            m.Callbacks.OrderBy(c => c.CalledAt).ThenBy(c => c.Id)
                .Select(c => new CallbackDto(c.Id, c.Outcome, c.Note, c.CalledAt, c.ByName, c.Channel, c.DurationSeconds)).ToList(),
            m.Notes.OrderBy(n => n.At).ThenBy(n => n.Id).Select(n => new NoteDto(n.Id, n.Text, n.At, n.ByName)).ToList())
        { TenantId = m.TenantId, CallbackAlertedAt = m.CallbackAlertedAt }).AsSingleQuery();

    /// <summary>
    /// What <see cref="ToDtos"/> reads for a message recorded a moment ago and not changed since: no one has seen it,
    /// called back, noted or acknowledged it yet. Timestamps as PostgreSQL keeps them: UTC, whole microseconds (Npgsql
    /// drops the last tick digit on the way in).
    /// </summary>
    public static MessageDto ToRecordedDto(Message message, string tenantSlug)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new MessageDto(
            message.Id, tenantSlug, Stored(message.ReceivedAt), message.CallerName, message.CallerOrganization, message.CallbackNumber,
            message.ForWhom, message.Subject, message.Body, message.Urgency, message.OperatorNote, message.OperatorName, message.Status,
            Stored(message.AcknowledgedAt), message.AcknowledgedBy, message.AcknowledgedVia,
            Stored(message.ResolvedAt), message.ResolvedBy, message.ResolvedVia,
            Stored(message.UpdatedAt), [], Stored(message.CalledBackAt), message.CalledBackBy, Stored(message.CallbackDueAt), [], [])
        { TenantId = message.TenantId, CallbackAlertedAt = Stored(message.CallbackAlertedAt) };
    }

    private static DateTimeOffset Stored(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    private static DateTimeOffset? Stored(DateTimeOffset? at) => at is { } value ? Stored(value) : null;

    public static Task<MessageDto?> FindDtoAsync(this AppDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.Id == id).ToDtos(db).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Several messages at once (the feed listener's batch): one query, in no particular order.</summary>
    public static Task<List<MessageDto>> FindDtosAsync(this AppDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        db.Messages.Where(m => ids.Contains(m.Id)).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>Newest received first; <paramref name="Before"/> continues after the last row of an earlier page.</summary>
    public sealed record Filter(Guid? TenantId = null, MessageStatus? Status = null, Urgency? Urgency = null,
        int Limit = 200, Keyset? Before = null);

    /// <summary>Everything changed at or after <paramref name="Since"/>, oldest change first; <paramref name="After"/> continues a catch-up.</summary>
    public sealed record ChangesFilter(DateTimeOffset Since, Keyset? After = null, Guid? TenantId = null,
        MessageStatus? Status = null, Urgency? Urgency = null, int Limit = 500);

    public static Task<List<MessageDto>> ListAsync(this AppDbContext db, Filter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = Narrow(db.Messages, filter.TenantId, filter.Status, filter.Urgency);
        if (filter.Before is { } before)
        {
            query = query.Where(m => EF.Functions.LessThan(ValueTuple.Create(m.ReceivedAt, m.Id), ValueTuple.Create(before.At, before.Id)));
        }
        return query.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Take(filter.Limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One page of a keyset catch-up over (UpdatedAt, Id): a change is never skipped however many there are, and a
    /// row is returned once per change. Page on with <see cref="Keyset.ChangeOf"/> of the last row until a page is short.
    /// </summary>
    public static Task<List<MessageDto>> ChangesAsync(this AppDbContext db, ChangesFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var since = filter.Since;
        var query = Narrow(db.Messages, filter.TenantId, filter.Status, filter.Urgency).Where(m => m.UpdatedAt >= since);
        if (filter.After is { } after)
        {
            query = query.Where(m => EF.Functions.GreaterThan(ValueTuple.Create(m.UpdatedAt, m.Id), ValueTuple.Create(after.At, after.Id)));
        }
        return query.OrderBy(m => m.UpdatedAt).ThenBy(m => m.Id)
            .Take(filter.Limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>Urgent and emergency messages nobody has resolved (acknowledged ones too), oldest first: the board.</summary>
    public static Task<List<MessageDto>> UrgentUnresolvedAsync(this AppDbContext db, int limit, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.Urgency != Urgency.Normal && m.Status != MessageStatus.Resolved)
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
            .Take(limit).ToDtos(db).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>How many messages nobody has taken yet (an index-only count over the open rows).</summary>
    public static Task<int> UnacknowledgedCountAsync(this AppDbContext db, CancellationToken cancellationToken) =>
        db.Messages.CountAsync(m => m.Status == MessageStatus.New, cancellationToken);

    /// <summary>The urgent or emergency message that has waited longest for somebody to take it.</summary>
    public static Task<MessageDto?> OldestUnacknowledgedUrgentAsync(this AppDbContext db, CancellationToken cancellationToken) =>
        db.Messages.Where(m => m.Status == MessageStatus.New && m.Urgency != Urgency.Normal)
            .OrderBy(m => m.ReceivedAt).ThenBy(m => m.Id)
            .Take(1).ToDtos(db).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    public static Task<List<MessageEvent>> TimelineAsync(this AppDbContext db, Guid messageId, CancellationToken cancellationToken) =>
        db.MessageEvents.Where(e => e.MessageId == messageId).OrderBy(e => e.At).ThenBy(e => e.Id)
            .AsNoTracking().ToListAsync(cancellationToken);

    private static IQueryable<Message> Narrow(IQueryable<Message> query, Guid? tenantId, MessageStatus? status, Urgency? urgency)
    {
        if (tenantId is { } tenant)
        {
            query = query.Where(m => m.TenantId == tenant);
        }
        if (status is { } s)
        {
            query = query.Where(m => m.Status == s);
        }
        if (urgency is { } u)
        {
            query = query.Where(m => m.Urgency == u);
        }
        return query;
    }
}

/// <summary>A position in one of the two orders messages are read in: (ReceivedAt, Id) or (UpdatedAt, Id).</summary>
public readonly record struct Keyset(DateTimeOffset At, Guid Id)
{
    public static Keyset ReceivedOf(MessageDto message) => new(message?.ReceivedAt ?? throw new ArgumentNullException(nameof(message)), message.Id);

    public static Keyset ChangeOf(MessageDto message) => new(message?.UpdatedAt ?? throw new ArgumentNullException(nameof(message)), message.Id);
}
