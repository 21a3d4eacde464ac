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
/// One per circuit: the messages this watcher can see, kept current by pushes from <see cref="FeedNotifier"/>,
/// and reloaded from the database after any gap (a dropped browser connection or a lost LISTEN).
/// The app bar's count and the feed page read the same state, so a circuit subscribes once.
/// </summary>
public sealed class LiveFeedState(
    IDbContextFactory<AppDbContext> dbFactory, TenantContext tenant, FeedNotifier notifier,
    CircuitConnection connection, CircuitCulture culture, ILogger<LiveFeedState> logger) : IFeedSubscriber, IAsyncDisposable
{
    /// <summary>Catch-up overlaps the newest stamp held by this much: commits can land slightly out of stamp order.</summary>
    public static readonly TimeSpan CatchUpOverlap = TimeSpan.FromSeconds(5);

    private const int InitialLoad = 300;

    private readonly FeedList list = new();
    // Immutable, so a render reading it never races a push replacing it.
    private ImmutableDictionary<Guid, EscalationOutlook> outlooks = ImmutableDictionary<Guid, EscalationOutlook>.Empty;
    private readonly SemaphoreSlim gate = new(1, 1);
    private IDisposable? subscription;
    private Task? started;

    public IReadOnlyDictionary<Guid, TenantInfo> Tenants { get; private set; } = new Dictionary<Guid, TenantInfo>();

    /// <summary>Raised after every change to the list; the argument is the push that caused it, or null after a reload.</summary>
    public event Func<FeedChange?, Task>? Changed;

    public IReadOnlyList<MessageDto> Messages => list.Items;

    public int UnacknowledgedCount => list.Items.Count(m => m.Status == MessageStatus.New);

    public MessageDto? OldestUnacknowledgedUrgent => list.Items
        .Where(m => m.Status == MessageStatus.New && m.Urgency != Urgency.Normal)
        .MinBy(m => m.ReceivedAt);

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
        connection.Restored += OnResyncAsync;
        await ReloadAsync(since: null, cancellationToken);
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
        }
        finally
        {
            gate.Release();
        }
        await RaiseAsync(change);
    }

    public Task OnResyncAsync() => ReloadAsync(list.NewestChange - CatchUpOverlap, CancellationToken.None);

    /// <summary>Loads the newest messages and every open one (since = null), or everything changed since an instant.</summary>
    private async Task ReloadAsync(DateTimeOffset? since, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var loaded = since is null
                ? (await db.ListAsync(new MessageQueries.Filter(Limit: InitialLoad), cancellationToken))
                    .Concat(await db.ListAsync(new MessageQueries.Filter(Status: MessageStatus.New, Limit: 1000), cancellationToken))
                : await db.ListAsync(new MessageQueries.Filter(UpdatedSince: since, Limit: 1000), cancellationToken);
            var open = loaded.Where(m => m.Status == MessageStatus.New).Select(m => m.Id).Distinct().ToList();
            var loadedOutlooks = await EscalationOutlook.LoadAsync(db, open, cancellationToken);
            await gate.WaitAsync(cancellationToken);
            try
            {
                list.UpsertAll(loaded);
                // A full reload replaces every outlook; a catch-up merges what changed.
                outlooks = (since is null ? ImmutableDictionary<Guid, EscalationOutlook>.Empty : outlooks.RemoveRange(loaded.Select(m => m.Id)))
                    .SetItems(loadedOutlooks);
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

    public ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        connection.Restored -= OnResyncAsync;
        gate.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record TenantInfo(Guid Id, string Slug, string DisplayName, TimeZoneInfo TimeZone);
