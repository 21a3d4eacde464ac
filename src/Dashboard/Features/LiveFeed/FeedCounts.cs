using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.LiveFeed;

/// <summary>What a feed shows beside its window: how many messages nobody has taken, and the oldest urgent one of them.</summary>
public sealed record FeedCountsValue(int Unacknowledged, MessageDto? OldestUnacknowledgedUrgent)
{
    public bool SameAs(FeedCountsValue? other) =>
        other is not null && other.Unacknowledged == Unacknowledged
        && other.OldestUnacknowledgedUrgent?.Id == OldestUnacknowledgedUrgent?.Id
        && other.OldestUnacknowledgedUrgent?.UpdatedAt == OldestUnacknowledgedUrgent?.UpdatedAt;

    public static async Task<FeedCountsValue> CountAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new(await db.UnacknowledgedCountAsync(cancellationToken), await db.OldestUnacknowledgedUrgentAsync(cancellationToken));
    }
}

/// <summary>
/// The counts, re-counted once per node per scope (one tenant, an account manager's set, every tenant) shortly after a
/// change, and shared by every watcher of that scope: N open feeds of one tenant cost two queries per burst of changes,
/// not 2N. The listener reports each change once (<see cref="Changed"/>); watchers are told only when the counts moved,
/// each on its own task, so a slow one delays nobody.
/// </summary>
public sealed partial class FeedCounts(IServiceScopeFactory scopes, TimeProvider time, ILogger<FeedCounts> logger)
{
    /// <summary>Changes arriving closer together than this share one re-count.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, CountGroup> groups = [];
    private long recounts;

    /// <summary>Re-counts run on this node since start (two queries each): what the sharing saves is visible here.</summary>
    public long RecountsRun => Interlocked.Read(ref recounts);

    /// <summary>Tells <paramref name="onChanged"/> whenever the counts of <paramref name="scope"/>'s tenants move.</summary>
    public IDisposable Watch(TenantContext scope, Func<FeedCountsValue, Task> onChanged)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(onChanged);
        var shape = ScopeShape.Of(scope);
        if (shape is null)
        {
            return new Unwatch(() => { });
        }
        lock (groups)
        {
            if (!groups.TryGetValue(shape.Key, out var group))
            {
                groups[shape.Key] = group = new CountGroup(shape);
            }
            group.Watchers.Add(onChanged);
            return new Unwatch(() =>
            {
                lock (groups)
                {
                    group.Watchers.Remove(onChanged);
                    if (group.Watchers.Count == 0)
                    {
                        groups.Remove(shape.Key);
                    }
                }
            });
        }
    }

    /// <summary>A message of <paramref name="tenantId"/> changed: every scope that sees it re-counts soon, once.</summary>
    public void Changed(Guid tenantId)
    {
        List<CountGroup> affected;
        lock (groups)
        {
            affected = [.. groups.Values.Where(g => g.Shape.Covers(tenantId))];
        }
        foreach (var group in affected)
        {
            if (Interlocked.Exchange(ref group.Pending, 1) == 0)
            {
                _ = RecountAsync(group);
            }
        }
    }

    private async Task RecountAsync(CountGroup group)
    {
        try
        {
            await Task.Delay(Debounce, time);
            // Reset before counting: a change that lands during the count gets a re-count of its own.
            Interlocked.Exchange(ref group.Pending, 0);
            Interlocked.Increment(ref recounts);
            await using var scope = scopes.CreateAsyncScope();
            group.Shape.Apply(scope.ServiceProvider.GetRequiredService<TenantContext>());
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var value = await FeedCountsValue.CountAsync(db, CancellationToken.None);
            if (value.SameAs(group.Latest))
            {
                return;
            }
            group.Latest = value;
            Func<FeedCountsValue, Task>[] watchers;
            lock (groups)
            {
                watchers = [.. group.Watchers];
            }
            foreach (var watcher in watchers)
            {
                _ = TellAsync(watcher, value);
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Interlocked.Exchange(ref group.Pending, 0);
            LogRecountFailed(logger, ex);
        }
    }

    private async Task TellAsync(Func<FeedCountsValue, Task> watcher, FeedCountsValue value)
    {
        try
        {
            // Its own task: the watcher's render must not run on, nor wait for, the others'.
            await Task.Yield();
            await watcher(value);
        }
        catch (Exception ex)
        {
            LogWatcherFailed(logger, ex);
        }
    }

    private sealed class CountGroup(ScopeShape shape)
    {
        public ScopeShape Shape { get; } = shape;
        public HashSet<Func<FeedCountsValue, Task>> Watchers { get; } = [];
        public int Pending;
        public volatile FeedCountsValue? Latest;
    }

    /// <summary>One tenant, a set, or all: the shape of a watcher's <see cref="TenantContext"/>, as a key and a way to rebuild it.</summary>
    private sealed record ScopeShape(string Key, bool All, Guid[] Tenants)
    {
        public static ScopeShape? Of(TenantContext scope) =>
            scope.AllTenants ? new("all", true, [])
            : scope.TenantIds.Length > 0 ? new("set:" + string.Join(',', scope.TenantIds.Order()), false, [.. scope.TenantIds.Order()])
            : scope.TenantId is { } one ? new("one:" + one, false, [one])
            : null;

        public bool Covers(Guid tenantId) => All || Tenants.Contains(tenantId);

        public void Apply(TenantContext context)
        {
            if (All)
            {
                context.SetSystem();
            }
            else if (Tenants.Length == 1 && Key.StartsWith("one:", StringComparison.Ordinal))
            {
                context.SetTenant(Tenants[0]);
            }
            else
            {
                context.SetTenants(Tenants);
            }
        }
    }

    private sealed class Unwatch(Action dispose) : IDisposable
    {
        private Action? dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref dispose, null)?.Invoke();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-count the feed")]
    private static partial void LogRecountFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A feed watcher failed to take new counts")]
    private static partial void LogWatcherFailed(ILogger logger, Exception ex);
}
