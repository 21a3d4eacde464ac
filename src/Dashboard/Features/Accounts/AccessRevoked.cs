using System.Globalization;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Accounts;

public enum RevokedKind
{
    ApiKey,
    Tenant,
    User,
}

/// <summary>
/// "Whoever holds this key, belongs to this tenant, or is this user may no longer listen": sent through
/// PostgreSQL NOTIFY so every node closes its matching hub connections, not only the node that made the change.
/// Requests already re-check on their own; this is for connections that stay open. Accounts owns the contract;
/// LiveFeed's listener only carries it between nodes.
/// </summary>
public sealed record AccessRevoked(RevokedKind Kind, Guid Id)
{
    public const string Channel = "dashboard_access";

    public string ToPayload() => string.Create(CultureInfo.InvariantCulture, $"{(int)Kind}|{Id}");

    public static AccessRevoked? Parse(string payload)
    {
        var parts = payload.Split('|');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined(typeof(RevokedKind), kind)
            && Guid.TryParse(parts[1], out var id)
            ? new AccessRevoked((RevokedKind)kind, id)
            : null;
    }

    public Task SendAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var payload = ToPayload();
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
    }
}
