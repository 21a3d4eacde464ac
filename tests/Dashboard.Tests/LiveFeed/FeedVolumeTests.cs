using System.Net.Http.Json;
using Dashboard.Features.Accounts;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// The feed with more history than a page: a catch-up after a long gap pages until done (circuit and API), the board
/// keeps every unresolved urgent message however old, and a watcher's window stays bounded however many pushes arrive.
/// </summary>
public sealed class FeedVolumeTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const int ChangedDuringGap = 1_200;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Message NewMessage(Guid tenantId, string subject, DateTimeOffset at, Urgency urgency = Urgency.Normal,
        MessageStatus status = MessageStatus.New) => new()
        {
            TenantId = tenantId, ReceivedAt = at, UpdatedAt = at, CallerName = "発信者", CallbackNumber = "+81312345678",
            Subject = subject, Urgency = urgency, Status = status,
            AcknowledgedAt = status == MessageStatus.New ? null : at, AcknowledgedBy = status == MessageStatus.New ? null : "スタッフA2",
        };

    /// <summary>Writes straight to the table, without the feed signal: changes no watcher hears.</summary>
    private async Task<List<Guid>> InsertSilentlyAsync(IEnumerable<Message> messages)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var list = messages.ToList();
        db.Messages.AddRange(list);
        await db.SaveChangesAsync(Cancellation);
        return [.. list.Select(m => m.Id)];
    }

    private async Task<Guid> InsertSilentlyAsync(Message message) => (await InsertSilentlyAsync([message]))[0];

    private static IEnumerable<Message> Many(Guid tenantId, int count, DateTimeOffset from, string subject = "通常") =>
        Enumerable.Range(0, count).Select(i => NewMessage(tenantId, $"{subject} {i}", from.AddMilliseconds(i * 10)));

    private async Task AcknowledgeSilentlyAsync(Guid id, DateTimeOffset at)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        await db.Messages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MessageStatus.Acknowledged)
            .SetProperty(m => m.AcknowledgedBy, "スタッフA2")
            .SetProperty(m => m.UpdatedAt, at), Cancellation);
    }

    private sealed class Watcher(AsyncServiceScope scope) : IAsyncDisposable
    {
        public LiveFeedState Feed { get; } = scope.ServiceProvider.GetRequiredService<LiveFeedState>();
        public CircuitConnection Connection { get; } = scope.ServiceProvider.GetRequiredService<CircuitConnection>();

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }

    private async Task<Watcher> WatchAsync(Action<TenantContext> scopeTo)
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        scopeTo(scope.ServiceProvider.GetRequiredService<TenantContext>());
        var watcher = new Watcher(scope);
        await watcher.Feed.StartAsync(Cancellation);
        return watcher;
    }

    [Fact]
    public async Task ApiCatchUp_MoreThanAThousandChangesDuringAGap_PagesToEveryChangeExactlyOnce()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var old = await InsertSilentlyAsync(NewMessage(fixture.World.TenantA.Id, "古い", start.AddDays(-3), Urgency.Urgent));
        var since = start;
        // The oldest-received change of the gap is an acknowledgement of an old message: it must not be lost.
        await AcknowledgeSilentlyAsync(old, since.AddSeconds(1));
        var created = await InsertSilentlyAsync(Many(fixture.World.TenantA.Id, ChangedDuringGap, since.AddSeconds(2)));
        await InsertSilentlyAsync(Many(fixture.World.TenantB.Id, 20, since.AddSeconds(3), "他社"));

        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);
        var received = new List<MessageDto>();
        var pages = 0;
        for (Uri? next = new($"/api/v1/messages{Messages.TestMessages.Since(since)}&limit=500", UriKind.Relative); next is not null; pages++)
        {
            using var response = await tenantAKey.GetAsync(next, Cancellation);
            response.EnsureSuccessStatusCode();
            received.AddRange(await response.Content.ReadFromJsonAsync<List<MessageDto>>(ApiJson.Options, Cancellation) ?? []);
            next = NextLink(response);
            Assert.True(pages < 10, "the catch-up never ended");
        }

        Assert.Equal(3, pages);
        Assert.Equal(ChangedDuringGap + 1, received.Count);
        Assert.Equal(received.Count, received.Select(m => m.Id).Distinct().Count());
        Assert.Equal(created.Append(old).Order(), received.Select(m => m.Id).Order());
        Assert.Equal(MessageStatus.Acknowledged, received.Single(m => m.Id == old).Status);
        // Oldest change first, so the last row is the newest change and the next catch-up starts from it.
        Assert.Equal(received.OrderBy(m => m.UpdatedAt).ThenBy(m => m.Id).Select(m => m.Id), received.Select(m => m.Id));
    }

    [Fact]
    public async Task ApiList_PagesNewestFirstByCursor_AndRejectsABadCursor()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var ids = await InsertSilentlyAsync(Many(fixture.World.TenantA.Id, 25, start));
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);

        using var first = await tenantAKey.GetAsync(new Uri("/api/v1/messages?limit=10", UriKind.Relative), Cancellation);
        var firstPage = await first.Content.ReadFromJsonAsync<List<MessageDto>>(ApiJson.Options, Cancellation);
        using var second = await tenantAKey.GetAsync(NextLink(first)!, Cancellation);
        var secondPage = await second.Content.ReadFromJsonAsync<List<MessageDto>>(ApiJson.Options, Cancellation);
        using var third = await tenantAKey.GetAsync(NextLink(second)!, Cancellation);
        var thirdPage = await third.Content.ReadFromJsonAsync<List<MessageDto>>(ApiJson.Options, Cancellation);

        Assert.Null(NextLink(third));
        Assert.Equal(Enumerable.Reverse(ids), firstPage!.Concat(secondPage!).Concat(thirdPage!).Select(m => m.Id));

        using var bad = await tenantAKey.GetAsync(new Uri("/api/v1/messages?cursor=not-a-cursor", UriKind.Relative), Cancellation);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CircuitCatchUp_MoreThanAThousandChangesDuringAGap_LosesAndDoublesNothing()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var tenantA = fixture.World.TenantA.Id;
        var heldUrgent = await InsertSilentlyAsync(NewMessage(tenantA, "至急 接続前", start.AddDays(-1), Urgency.Urgent));
        await InsertSilentlyAsync(Many(tenantA, 10, start.AddMinutes(-10), "接続前"));
        await using var watcher = await WatchAsync(t => t.SetTenant(tenantA));
        Assert.Contains(watcher.Feed.Messages, m => m.Id == heldUrgent);

        watcher.Connection.MarkDown();
        await AcknowledgeSilentlyAsync(heldUrgent, start.AddSeconds(1));
        await InsertSilentlyAsync(Many(tenantA, ChangedDuringGap, start.AddSeconds(2), "切断中"));
        await InsertSilentlyAsync(Many(fixture.World.TenantB.Id, 20, start.AddSeconds(3), "他社"));
        await watcher.Connection.MarkUpAsync();

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var newest = await db.Messages.Where(m => m.TenantId == tenantA).OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Take(LiveFeedState.NewestWindow).Select(m => m.Id).ToListAsync(Cancellation);
        var held = watcher.Feed.Messages;
        Assert.Equal(held.Count, held.Select(m => m.Id).Distinct().Count());
        Assert.Equal(newest, held.Take(LiveFeedState.NewestWindow).Select(m => m.Id));
        Assert.Equal(MessageStatus.Acknowledged, watcher.Feed.Find(heldUrgent)?.Status);
        Assert.DoesNotContain(held, m => m.TenantId != tenantA);
        Assert.Equal(LiveFeedState.NewestWindow + 1, held.Count);
        var open = await db.Messages.CountAsync(m => m.TenantId == tenantA && m.Status == MessageStatus.New, Cancellation);
        Assert.Equal(open, watcher.Feed.UnacknowledgedCount);
    }

    [Fact]
    public async Task BoardAfterReload_ShowsAnAcknowledgedUnresolvedUrgentMessageOlderThanTheNewest300()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var acknowledged = await InsertSilentlyAsync(NewMessage(fixture.World.TenantB.Id, "至急 確認済み", start.AddDays(-2), Urgency.Emergency, MessageStatus.Acknowledged));
        var resolved = await InsertSilentlyAsync(NewMessage(fixture.World.TenantB.Id, "至急 完了", start.AddDays(-2), Urgency.Urgent, MessageStatus.Resolved));
        await InsertSilentlyAsync(Many(fixture.World.TenantA.Id, 350, start));

        // The operator board watches every tenant.
        await using var board = await WatchAsync(t => t.SetSystem());

        var shown = board.Feed.Messages.Where(m => m.Urgency != Urgency.Normal && m.Status != MessageStatus.Resolved).ToList();
        Assert.Equal([acknowledged], shown.Select(m => m.Id));
        Assert.DoesNotContain(board.Feed.Messages, m => m.Id == resolved);
        Assert.Equal(350, board.Feed.UnacknowledgedCount);
    }

    [Fact]
    public async Task Window_StaysBounded_AfterManyPushes_AndKeepsUnresolvedUrgentOnes()
    {
        var tenantA = fixture.World.TenantA;
        await using var watcher = await WatchAsync(t => t.SetTenant(tenantA.Id));
        var start = DateTimeOffset.UtcNow;
        var urgent = Push(tenantA, "至急", start.AddMilliseconds(-1), Urgency.Urgent);
        await watcher.Feed.OnChangeAsync(new FeedChange(FeedChangeKind.Created, urgent));

        for (var i = 0; i < 2_000; i++)
        {
            await watcher.Feed.OnChangeAsync(new FeedChange(FeedChangeKind.Created, Push(tenantA, $"通常 {i}", start.AddMilliseconds(i), Urgency.Normal)));
        }

        Assert.Equal(LiveFeedState.NewestWindow + 1, watcher.Feed.Messages.Count);
        Assert.Equal("通常 1999", watcher.Feed.Messages[0].Subject);
        Assert.NotNull(watcher.Feed.Find(urgent.Id));
        Assert.True(watcher.Feed.HasOlder);
    }

    [Fact]
    public async Task Older_LoadsTheNextPageBelowTheWindow_ByKeyset()
    {
        var ids = await InsertSilentlyAsync(Many(fixture.World.TenantA.Id, LiveFeedState.NewestWindow + 30, DateTimeOffset.UtcNow.AddHours(-1)));
        await using var watcher = await WatchAsync(t => t.SetTenant(fixture.World.TenantA.Id));
        Assert.Equal(LiveFeedState.NewestWindow, watcher.Feed.Messages.Count);
        Assert.True(watcher.Feed.HasOlder);

        await watcher.Feed.LoadOlderAsync(Cancellation);

        Assert.Equal(Enumerable.Reverse(ids), watcher.Feed.Messages.Select(m => m.Id));
        Assert.False(watcher.Feed.HasOlder);
    }

    private static MessageDto Push(Features.Tenancy.Tenant tenant, string subject, DateTimeOffset at, Urgency urgency) =>
        new(Guid.CreateVersion7(), tenant.Slug, at, "発信者", "", "+81312345678", "", subject, "", urgency, "", "", MessageStatus.New,
            null, null, null, null, null, null, at, [], null, null, null, [], [])
        { TenantId = tenant.Id };

    private static Uri? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values)
            && values.Select(v => System.Text.RegularExpressions.Regex.Match(v, "<([^>]+)>;\\s*rel=\"next\""))
                .FirstOrDefault(m => m.Success) is { } match
            ? new Uri(match.Groups[1].Value, UriKind.Relative)
            : null;
}
