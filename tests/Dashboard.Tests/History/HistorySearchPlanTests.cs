using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.History;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.History;

/// <summary>
/// Search over notes and callback notes, the called-back filter, and the two ways a page is found (the newest candidates
/// walked, or the search index for a rare word; decision 21), on real PostgreSQL.
/// </summary>
public sealed class HistorySearchPlanTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<Guid>> SearchAsync(string query, string key = TestWorld.TenantAKey)
    {
        using var client = fixture.KeyClient(key);
        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages?{query}", Ct);
        return rows.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
    }

    private static string Q(string text) => "q=" + Uri.EscapeDataString(text);

    private static async Task PostFollowUpAsync(HttpClient client, Guid id, string path, object body)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/messages/{id}/{path}", body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task NotesAndCallbackNotes_AreSearched_AsSoonAsTheyAreAdded()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var noted = await HistoryApiSearchTests.PostAsync(op, callerName: "佐藤");
        var calledBack = await HistoryApiSearchTests.PostAsync(op, callerName: "鈴木");
        var untouched = await HistoryApiSearchTests.PostAsync(op, callerName: "高橋");
        Assert.Empty(await SearchAsync(Q("留守電")));

        await PostFollowUpAsync(op, noted, "notes", new { text = "10:05 電話、留守電に残した" });
        await PostFollowUpAsync(op, calledBack, "callbacks", new { outcome = "NoAnswer", note = "ｶﾞｽ漏れの件は明日" });

        Assert.Equal([noted], await SearchAsync(Q("留守電")));
        Assert.Equal([noted], await SearchAsync(Q("電")));
        // The callback's note is NFKC-folded like every searched field: half-width ｶﾞｽ matches ガス.
        Assert.Equal([calledBack], await SearchAsync(Q("ガス漏れ")));
        Assert.Equal([noted], await SearchAsync($"{Q("佐藤 留守電")}"));
        Assert.DoesNotContain(untouched, await SearchAsync(Q("留守電")));
        // Another tenant's key does not find the note.
        Assert.Empty(await SearchAsync(Q("留守電"), TestWorld.TenantBKey));
    }

    [Fact]
    public async Task StatusCalledBack_ListsTheMessagesWithAReachedCallback()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var reached = await HistoryApiSearchTests.PostAsync(op, callerName: "林 一郎");
        var noAnswer = await HistoryApiSearchTests.PostAsync(op, callerName: "林 二郎");
        var untouched = await HistoryApiSearchTests.PostAsync(op, callerName: "林 三郎");
        await PostFollowUpAsync(op, reached, "callbacks", new { outcome = "Reached" });
        await PostFollowUpAsync(op, noAnswer, "callbacks", new { outcome = "NoAnswer" });

        Assert.Equal([reached], await SearchAsync("status=CalledBack"));
        Assert.Equal([reached], await SearchAsync($"status=calledback&{Q("林")}"));
        Assert.Equal(new[] { reached, noAnswer }.ToHashSet(), (await SearchAsync("status=Acknowledged")).ToHashSet());
        Assert.Contains(untouched, await SearchAsync("status=New"));
        Assert.Empty(await SearchAsync("status=CalledBack", TestWorld.TenantBKey));
    }

    [Fact]
    public async Task ALongerWord_MustAppearWhole_EvenWhenItsPiecesRepeat()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var shortOne = await HistoryApiSearchTests.PostAsync(op, callerName: "佐藤", body: "ああ、そうですか");
        var longOne = await HistoryApiSearchTests.PostAsync(op, callerName: "鈴木", body: "あああああ");

        Assert.Equal(new[] { shortOne, longOne }.ToHashSet(), (await SearchAsync(Q("ああ"))).ToHashSet());
        Assert.Equal([longOne], await SearchAsync(Q("ああああ")));
    }

    [Fact]
    public async Task ARareWordOlderThanTheWalkedCandidates_IsFound_AndPagesWithoutGapsOrRepeats()
    {
        // More candidates than a page walks: the rare word 「檎」 sits on three old messages and one new one (found through
        // the index, sorted), 「梨」 on more than RareMatches messages all older than the walked candidates (walked, then
        // the index), 「林」 and 「水漏」 everywhere else (walked).
        var tenant = fixture.World.TenantA.Id;
        var total = HistoryQueries.WalkedCandidates + HistoryQueries.RareMatches + 100;
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO "Messages" ("Id", "TenantId", "ReceivedAt", "CallerName", "CallerOrganization", "CallbackNumber", "ForWhom",
                    "Subject", "Body", "Urgency", "OperatorNote", "OperatorName", "Status", "UpdatedAt")
                SELECT gen_random_uuid(), $1, now() - interval '1 minute' * i, CASE WHEN i IN (5, $2 - 3, $2 - 2, $2 - 1) THEN '林檎園' WHEN i > $3 THEN '梨 ' || i ELSE '林 ' || i END,
                    '', '+819012345678', '院長', '用件', '水漏れの件', 0, '', 'test', 0, now() - interval '1 minute' * i
                FROM generate_series(1, $2) AS i
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = tenant });
            insert.Parameters.Add(new NpgsqlParameter { Value = total });
            insert.Parameters.Add(new NpgsqlParameter { Value = HistoryQueries.WalkedCandidates });
            await insert.ExecuteNonQueryAsync(Ct);
        }

        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        var rare = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages?limit=10&{Q("檎")}", Ct);
        Assert.Equal(4, rare.GetArrayLength());
        var twoChars = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages?limit=10&{Q("林檎")}", Ct);
        Assert.Equal(4, twoChars.GetArrayLength());

        // Paging two at a time by the Link header: every match once, newest first.
        var seen = new List<(DateTimeOffset At, Guid Id)>();
        string? next = $"/api/v1/messages?limit=2&{Q("檎")}";
        while (next is not null)
        {
            using var response = await client.GetAsync(next, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            seen.AddRange(page.EnumerateArray().Select(r => (r.GetProperty("receivedAt").GetDateTimeOffset(), r.GetProperty("id").GetGuid())));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }
        Assert.Equal(4, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(s => s.At).ToList(), seen);

        // A word common enough not to be rare, but only older than the walked candidates: the index after all.
        var older = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages?limit=10&{Q("梨")}", Ct);
        Assert.Equal(10, older.GetArrayLength());
        Assert.Equal($"梨 {HistoryQueries.WalkedCandidates + 1}", older[0].GetProperty("callerName").GetString());

        // A common word fills its page from the newest candidates.
        var common = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages?limit=50&{Q("水漏")}", Ct);
        Assert.Equal(50, common.GetArrayLength());
    }
}
