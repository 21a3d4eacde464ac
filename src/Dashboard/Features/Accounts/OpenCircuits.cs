using System.Collections.Concurrent;
using System.Security.Claims;

namespace Dashboard.Features.Accounts;

/// <summary>
/// This node's open dashboards (Blazor circuits) and whose they are, so a revocation heard through PostgreSQL NOTIFY
/// (<see cref="AccessRevoked"/>) makes exactly the circuits it covers re-check their user at once, instead of each
/// circuit polling the database every few seconds.
/// </summary>
public sealed partial class OpenCircuits(ILogger<OpenCircuits> logger)
{
    private sealed record Entry(Guid? UserId, Guid? TenantId, Func<Task> RecheckAsync);

    private readonly ConcurrentDictionary<Entry, byte> circuits = new();

    public int Count => circuits.Count;

    /// <summary>Registers a circuit; <paramref name="recheckAsync"/> re-reads its user and closes it if they lost access.</summary>
    public IDisposable Add(ClaimsPrincipal user, Func<Task> recheckAsync)
    {
        ArgumentNullException.ThrowIfNull(user);
        var entry = new Entry(DashboardClaims.UserIdOf(user), DashboardClaims.TenantIdOf(user), recheckAsync);
        circuits[entry] = 0;
        return new Registration(() => circuits.TryRemove(entry, out _));
    }

    /// <summary>Starts a re-check on every circuit the revocation covers and returns at once; returns how many.</summary>
    public int Recheck(AccessRevoked revoked)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        var started = 0;
        foreach (var entry in circuits.Keys.Where(e => Covers(revoked, e)))
        {
            // Each on its own: called from the listener's notification callback, which must never wait on a circuit.
            _ = Task.Run(() => RecheckSafelyAsync(entry));
            started++;
        }
        return started;
    }

    private async Task RecheckSafelyAsync(Entry entry)
    {
        try
        {
            await entry.RecheckAsync();
        }
        catch (Exception ex)
        {
            // The slow safety re-check still runs; a failure here must not reach the listener.
            LogRecheckFailed(logger, ex, entry.UserId);
        }
    }

    private static bool Covers(AccessRevoked revoked, Entry entry) => revoked.Kind switch
    {
        RevokedKind.Tenant => entry.TenantId == revoked.Id,
        RevokedKind.User => entry.UserId == revoked.Id,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check the open dashboard of user {UserId}")]
    private static partial void LogRecheckFailed(ILogger logger, Exception ex, Guid? userId);

    private sealed class Registration(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
