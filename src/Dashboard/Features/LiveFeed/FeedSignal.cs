using System.Globalization;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.LiveFeed;

public enum FeedChangeKind
{
    Created,
    Updated,
}

/// <summary>
/// The small payload that crosses nodes through PostgreSQL NOTIFY: ids only (NOTIFY payloads are capped
/// at 8000 bytes, and the message is read once per node from the database anyway).
/// </summary>
public sealed record FeedSignal(FeedChangeKind Kind, Guid TenantId, Guid MessageId)
{
    public const string Channel = "dashboard_feed";

    public string ToPayload() => string.Create(CultureInfo.InvariantCulture, $"{(Kind == FeedChangeKind.Created ? 'c' : 'u')}|{TenantId}|{MessageId}");

    public static FeedSignal? Parse(string payload)
    {
        var parts = payload.Split('|');
        if (parts.Length != 3 || !Guid.TryParse(parts[1], out var tenant) || !Guid.TryParse(parts[2], out var message))
        {
            return null;
        }
        return new FeedSignal(parts[0] == "c" ? FeedChangeKind.Created : FeedChangeKind.Updated, tenant, message);
    }

    /// <summary>Queues the signal inside the caller's transaction: PostgreSQL delivers it only if and when that commits.</summary>
    public Task SendAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var payload = ToPayload();
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
    }
}
