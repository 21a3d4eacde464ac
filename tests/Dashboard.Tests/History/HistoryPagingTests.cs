using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.History;

/// <summary>Keyset paging of a filtered history (newest received first) while new calls keep arriving.</summary>
public sealed class HistoryPagingTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task FollowingNextLinks_ReturnsEveryMatchOnce_WhileMessagesArrive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var existing = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            // Pairs share a received instant, so the Id must break ties.
            existing.Add(await HistoryApiSearchTests.PostAsync(op, callerName: $"林 {i}", receivedAt: start.AddMinutes(i / 2)));
        }
        await HistoryApiSearchTests.PostAsync(op, callerName: "森", receivedAt: start.AddMinutes(3));

        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        var seen = new List<Guid>();
        var url = $"/api/v1/messages?q={Uri.EscapeDataString("林")}&limit=5";
        var pages = 0;
        while (url is not null)
        {
            using var response = await client.GetAsync(url, ct);
            response.EnsureSuccessStatusCode();
            var rows = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            seen.AddRange(rows.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            url = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
            // A new call between pages: newer than every page already read, so neither a gap nor a repeat.
            await HistoryApiSearchTests.PostAsync(op, callerName: $"林 新着 {pages}");
            pages++;
        }

        Assert.Equal(5, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(existing.ToHashSet(), seen.ToHashSet());
        Assert.Equal(existing.AsEnumerable().Reverse().Take(2).ToHashSet(), seen.Take(2).ToHashSet());
    }
}
