using System.Collections.Concurrent;
using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Features.LiveFeed;

/// <summary>This node's open hub connections and who they belong to, so a revocation can close them.</summary>
public sealed class HubConnectionRegistry
{
    private sealed record Entry(HubCallerContext Context, Guid? KeyId, Guid? TenantId, Guid? UserId);

    private readonly ConcurrentDictionary<string, Entry> connections = new(StringComparer.Ordinal);

    public void Add(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User!;
        Guid? keyId = Guid.TryParse(user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, out var key) ? key : null;
        connections[context.ConnectionId] = new Entry(context, keyId, DashboardClaims.TenantIdOf(user), DashboardClaims.UserIdOf(user));
    }

    public int Count => connections.Count;

    public void Remove(string connectionId) => connections.TryRemove(connectionId, out _);

    /// <summary>Closes every connection the revocation covers; returns how many.</summary>
    public int Close(AccessRevoked revoked)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        var closed = 0;
        foreach (var entry in connections.Values.Where(e => Covers(revoked, e)))
        {
            entry.Context.Abort();
            closed++;
        }
        return closed;
    }

    private static bool Covers(AccessRevoked revoked, Entry entry) => revoked.Kind switch
    {
        RevokedKind.ApiKey => entry.KeyId == revoked.Id,
        RevokedKind.Tenant => entry.TenantId == revoked.Id,
        _ => entry.UserId == revoked.Id,
    };
}
