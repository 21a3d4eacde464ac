using System.Collections.Immutable;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Localization;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// One per circuit: a bounded window of the messages this watcher can see, kept current by pushes from
/// <see cref="FeedNotifier"/> and caught up from the database after any gap (a dropped browser connection or a lost LISTEN).
/// The window holds the newest <see cref="NewestWindow"/> messages (more once "older" is asked for), and every urgent or
/// emergency message nobody has resolved (the board), whatever its age; pushes never make it grow beyond that. The counts
/// come from queries, not from the window, re-counted once per node for every watcher of the same tenants (<see cref="FeedCounts"/>). The app bar, feed, board and console read the same state, so a circuit subscribes once.
/// </summary>
public sealed class LiveFeedState(
    IDbContextFactory<AppDbContext> dbFactory, TenantContext tenant, FeedNotifier notifier, FeedCounts counts,
    CircuitConnection connection, CircuitCulture culture, ILogger<LiveFeedState> logger) : IFeedSubscriber, IAsyncDisposable
{
    /// <summary>Catch-up overlaps the newest stamp held by this much: commits can land slightly out of stamp order.</summary>
    public static readonly TimeSpan CatchUpOverlap = TimeSpan.FromSeconds(5);

    public const int NewestWindow = 100;
    public const int OlderPage = 50;
    /// <summary>Unresolved urgent messages held at most; more than this many is a backlog no board shows anyway.</summary>
    public const int UrgentLimit = 500;
    public const int CatchUpPage = 500;

    private readonly FeedList list = new();
    // Immutable, so a render reading it never races a push replacing it.
    private ImmutableDictionary<Guid, EscalationOutlook> outlooks = ImmutableDictionary<Guid, EscalationOutlook>.Empty;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource disposed = new();
    private IDisposable? subscription;
    private IDisposable? countsWatch;
    private Task? started;
    // How many of the newest messages the window holds: NewestWindow, plus every page of "older" asked for.
    private int newestHeld = NewestWindow;

    public IReadOnlyDictionary<Guid, TenantInfo> Tenants { get; private set; } = new Dictionary<Guid, TenantInfo>();

    /// <summary>Raised after every change to the window or the counts; the argument is the push that caused it, or null.</summary>
    public event Func<FeedChange?, Task>? Changed;

    /// <summary>The window, newest received first.</summary>
    public IReadOnlyList<MessageDto> Messages => list.Items;

    /// <summary>Whether messages older than the newest ones held exist (the feed offers to load them).</summary>
    public bool HasOlder { get; private set; }

    /// <summary>Messages nobody has taken yet, counted by the database (the window holds only some of them).</summary>
    public int UnacknowledgedCount { get; private set; }

    public MessageDto? OldestUnacknowledgedUrgent { get; private set; }

    public MessageDto? Find(Guid id) => list.Find(id);

    /// <summary>Where an open message's escalation stands, if it escalates.</summary>
    public EscalationOutlook? Outlook(Guid messageId) => outlooks.GetValueOrDefault(messageId);

    /// <summary>Open messages whose escalation ran out with nobody taking them: somebody must call the caller back.</summary>
    public IEnumerable<(MessageDto Message, EscalationOutlook Outlook)> Exhausted => list.Items
        .Where(m => m.Status == MessageStatus.New && outlooks.GetValueOrDefault(m.Id)?.State == EscalationState.Exhausted)
        .Select(m => (m, outlooks[m.Id]));

    public Task StartAsync(CancellationToken cancellationToken) => started ??= StartOnceAsync(cancellationToken);

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var visible = await tenant.Visible(db.Tenants.AsNoTracking()).ToListAsync(cancellationToken);
            Tenants = visible.ToDictionary(t => t.Id, t => new TenantInfo(t.Id, t.Slug, t.DisplayName, t.TimeZone));
        }
        // Pushes reach this circuit through its own queue and pump, in its user's language.
        subscription = notifier.Subscribe(this, culture);
        countsWatch = counts.Watch(tenant, OnCountsAsync);
        connection.Restored += OnResyncAsync;
        await ReloadAsync(cancellationToken);
    }

    public bool CanSee(MessageDto message) =>
        tenant.CanSee(message.TenantId);

    public async Task OnChangeAsync(FeedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!CanSee(change.Message))
        {
            return;
        }
        await gate.WaitAsync();
        try
        {
            list.Upsert(change.Message);
            outlooks = change.Message.Status == MessageStatus.New && change.Escalation is { } outlook
                ? outlooks.SetItem(change.Message.Id, outlook)
                : outlooks.Remove(change.Message.Id);
            TrimWindow();
        }
        finally
        {
            gate.Release();
        }
        await RaiseAsync(change);
    }

    /// <summary>After a gap: everything changed since the newest change held (less the overlap), page by page until done.</summary>
    public Task OnResyncAsync() => list.NewestChange is { } newest
        ? CatchUpAsync(newest - CatchUpOverlap, disposed.Token)
        : ReloadAsync(disposed.Token);

    /// <summary>The next page of older messages, below the newest ones held ("older" at the end of the feed).</summary>
    public async Task LoadOlderAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var items = list.Items;
            var oldest = items.Count >= newestHeld ? items[newestHeld - 1] : items.Count > 0 ? items[^1] : null;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var page = await db.ListAsync(new MessageQueries.Filter(Limit: OlderPage, Before: oldest is null ? null : Keyset.ReceivedOf(oldest)), cancellationToken);
            var open = page.Where(m => m.Status == MessageStatus.New).Select(m => m.Id).ToList();
            outlooks = outlooks.SetItems(await EscalationOutlook.LoadAsync(db, open, cancellationToken));
            list.UpsertAll(page);
            newestHeld += page.Count;
            HasOlder = page.Count == OlderPage;
        }
        finally
        {
            gate.Release();
        }
        await RaiseAsync(null);
    }

    /// <summary>The window from scratch: the newest messages, every unresolved urgent one, and the counts.</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var newest = await db.ListAsync(new MessageQueries.Filter(Limit: NewestWindow), cancellationToken);
            var urgent = await db.UrgentUnresolvedAsync(UrgentLimit, cancellationToken);
            var open = newest.Concat(urgent).Where(m => m.Status == MessageStatus.New).Select(m => m.Id).Distinct().ToList();
            var loadedOutlooks = await EscalationOutlook.LoadAsync(db, open, cancellationToken);
            var (count, oldest) = await CountAsync(db, cancellationToken);
            await gate.WaitAsync(cancellationToken);
            try
            {
                list.UpsertAll(newest);
                list.UpsertAll(urgent);
                HasOlder = newest.Count == NewestWindow;
                outlooks = ImmutableDictionary<Guid, EscalationOutlook>.Empty.SetItems(loadedOutlooks);
                TrimWindow();
                (UnacknowledgedCount, OldestUnacknowledgedUrgent) = (count, oldest);
            }
            finally
            {
                gate.Release();
            }
            await RaiseAsync(null);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            // The next push or reconnect tries again; the page keeps what it already shows.
            logger.LogWarning(ex, "Could not reload the feed");
        }
    }

    private async Task CatchUpAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            Keyset? after = null;
            while (true)
            {
                var page = await db.ChangesAsync(new MessageQueries.ChangesFilter(since, after, Limit: CatchUpPage), cancellationToken);
                var open = page.Where(m => m.Status == MessageStatus.New).Select(m => m.Id).ToList();
                var loadedOutlooks = await EscalationOutlook.LoadAsync(db, open, cancellationToken);
                await gate.WaitAsync(cancellationToken);
                try
                {
                    list.UpsertAll(page);
                    outlooks = outlooks.RemoveRange(page.Select(m => m.Id)).SetItems(loadedOutlooks);
                    // Trimmed page by page, so even a long gap never holds more than a window and a page.
                    TrimWindow();
                }
                finally
                {
                    gate.Release();
                }
                if (page.Count < CatchUpPage)
                {
                    break;
                }
                after = Keyset.ChangeOf(page[^1]);
            }
            var (count, oldest) = await CountAsync(db, cancellationToken);
            (UnacknowledgedCount, OldestUnacknowledgedUrgent) = (count, oldest);
            await RaiseAsync(null);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not catch up the feed");
        }
    }

    /// <summary>Drops what fell out of the window (callers hold the gate); once anything was dropped, older messages exist.</summary>
    private void TrimWindow()
    {
        if (list.Trim(newestHeld, IsUrgentUnresolved) > 0)
        {
            HasOlder = true;
        }
        var held = list.Items.Select(m => m.Id).ToHashSet();
        if (outlooks.Keys.Any(id => !held.Contains(id)))
        {
            outlooks = outlooks.RemoveRange(outlooks.Keys.Where(id => !held.Contains(id)).ToList());
        }
    }

    private static bool IsUrgentUnresolved(MessageDto m) => m.Urgency != Urgency.Normal && m.Status != MessageStatus.Resolved;

    private static async Task<(int Count, MessageDto? OldestUrgent)> CountAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var value = await FeedCountsValue.CountAsync(db, cancellationToken);
        return (value.Unacknowledged, value.OldestUnacknowledgedUrgent);
    }

    /// <summary>The node's shared re-count after a change (<see cref="FeedCounts"/>): redraw only when the counts moved.</summary>
    private async Task OnCountsAsync(FeedCountsValue value)
    {
        if (disposed.IsCancellationRequested)
        {
            return;
        }
        // Told from the node's re-count task, not this circuit's pump: render in the user's language all the same.
        culture.Apply();
        if (value.SameAs(new FeedCountsValue(UnacknowledgedCount, OldestUnacknowledgedUrgent)))
        {
            return; // nothing to redraw (a null change makes detail pages reload)
        }
        (UnacknowledgedCount, OldestUnacknowledgedUrgent) = (value.Unacknowledged, value.OldestUnacknowledgedUrgent);
        await RaiseAsync(null);
    }

    private async Task RaiseAsync(FeedChange? change)
    {
        if (Changed is { } changed)
        {
            foreach (var handler in changed.GetInvocationList().Cast<Func<FeedChange?, Task>>())
            {
                await handler(change);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        countsWatch?.Dispose();
        connection.Restored -= OnResyncAsync;
        await disposed.CancelAsync();
        disposed.Dispose();
        gate.Dispose();
    }
}

public sealed record TenantInfo(Guid Id, string Slug, string DisplayName, TimeZoneInfo TimeZone);
