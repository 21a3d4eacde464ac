using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.History;

/// <summary>GET /api/v1/messages with q, from, to, forWhom on real PostgreSQL: Japanese as people type it, phones, isolation.</summary>
public sealed class HistoryApiSearchTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<Guid> PostAsync(HttpClient operatorClient, string tenant = "alpha-clinic", string callerName = "山田 花子",
        string organization = "", string number = "090-1234-5678", string forWhom = "院長", string subject = "用件",
        string body = "", string urgency = "Normal", DateTimeOffset? receivedAt = null, string operatorNote = "")
    {
        using var response = await operatorClient.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant, callerName, callerOrganization = organization, callbackNumber = number, forWhom, subject, body, urgency, operatorNote,
            receivedAt = receivedAt?.ToString("O"),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> SearchAsync(string query, string key = TestWorld.TenantAKey)
    {
        using var client = fixture.KeyClient(key);
        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages?{query}", Ct);
        return rows.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
    }

    private static string Q(string text) => "q=" + Uri.EscapeDataString(text);

    [Fact]
    public async Task OneAndTwoCharacterJapaneseQueries_FindMatchesInEveryField()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var byName = await PostAsync(op, callerName: "林 太郎");
        var byBody = await PostAsync(op, callerName: "佐藤", body: "二階の水漏れがひどい");
        var byOrganization = await PostAsync(op, callerName: "鈴木", organization: "小林工務店");
        var bySubject = await PostAsync(op, callerName: "高橋", subject: "水道の漏水");
        var byNote = await PostAsync(op, callerName: "田中", operatorNote: "林さんの件で慌てていた");
        var other = await PostAsync(op, callerName: "森", body: "見積もりの件");

        var hayashi = await SearchAsync(Q("林"));
        Assert.Equal(new[] { byNote, byOrganization, byName }.ToHashSet(), hayashi.ToHashSet());
        Assert.Equal([byBody], await SearchAsync(Q("水漏")));
        // Both characters of 「水漏」 are in 「水道の漏水」 but not next to each other: not a match.
        Assert.DoesNotContain(bySubject, await SearchAsync(Q("水漏")));
        Assert.Equal([bySubject], await SearchAsync(Q("漏水")));
        Assert.DoesNotContain(other, hayashi);
    }

    [Fact]
    public async Task FullWidthAndHalfWidthForms_MatchEachOther()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var halfKana = await PostAsync(op, callerName: "ｶﾅ ﾀﾛｳ");
        var fullDigits = await PostAsync(op, callerName: "佐藤", body: "部屋番号は０９０です");
        var latin = await PostAsync(op, callerName: "Ｙａｍａｄａ Ｔａｒｏ");

        Assert.Equal([halfKana], await SearchAsync(Q("カナ")));
        Assert.Equal([halfKana], await SearchAsync(Q("ｶﾅ")));
        Assert.Contains(fullDigits, await SearchAsync(Q("090")));
        Assert.Contains(fullDigits, await SearchAsync(Q("０９０")));
        Assert.Equal([latin], await SearchAsync(Q("yamada")));
        Assert.Equal([latin], await SearchAsync(Q("ＹＡＭＡＤＡ")));
    }

    [Fact]
    public async Task APhoneNumber_MatchesHoweverItIsWritten()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var mobile = await PostAsync(op, number: "090-1234-5678");
        var landline = await PostAsync(op, number: "03-9876-5432");

        foreach (var typed in new[] { "09012345678", "090-1234-5678", "+81 90 1234 5678", "+819012345678", "０９０－１２３４－５６７８", "(090) 1234-5678" })
        {
            Assert.Equal([mobile], await SearchAsync(Q(typed)));
        }
        // Part of a number: its digits in the national or the international form.
        Assert.Equal([mobile], await SearchAsync(Q("5678")));
        Assert.Equal([landline], await SearchAsync(Q("03-9876")));
        Assert.Equal([landline], await SearchAsync(Q("+81 3 9876")));
    }

    [Fact]
    public async Task SeveralWords_MustAllMatch_AndFiltersCombine()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var both = await PostAsync(op, callerName: "山本 一郎", body: "水漏れ", forWhom: "院長", urgency: "Urgent");
        await PostAsync(op, callerName: "山本 二郎", body: "予約の変更", forWhom: "院長", urgency: "Urgent");
        var otherDesk = await PostAsync(op, callerName: "山本 三郎", body: "水漏れ", forWhom: "受付", urgency: "Normal");

        Assert.Equal(new[] { both, otherDesk }.ToHashSet(), (await SearchAsync(Q("山本　水漏"))).ToHashSet());
        Assert.Equal([both], await SearchAsync($"{Q("山本 水漏")}&forWhom={Uri.EscapeDataString("院長")}&urgency=Urgent"));
        Assert.Equal([otherDesk], await SearchAsync($"forWhom={Uri.EscapeDataString("受付")}"));
        Assert.Empty(await SearchAsync($"{Q("山本")}&status=Resolved"));
    }

    [Fact]
    public async Task ATenantKey_FindsOnlyItsOwnTenant_AndAnotherTenantIs404()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        var mine = await PostAsync(op, tenant: "alpha-clinic", callerName: "林");
        var theirs = await PostAsync(op, tenant: "beta-build", callerName: "林");

        Assert.Equal([mine], await SearchAsync(Q("林")));
        Assert.Equal([theirs], await SearchAsync(Q("林"), TestWorld.TenantBKey));
        Assert.Equal(new[] { mine, theirs }.ToHashSet(), (await SearchAsync(Q("林"), TestWorld.OperatorKey)).ToHashSet());

        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        using var response = await client.GetAsync($"/api/v1/messages?tenant=beta-build&{Q("林")}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var export = await client.GetAsync("/api/v1/messages/export?format=csv&tenant=beta-build", Ct);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-03-02&to=2026-03-01", "to")]
    [InlineData("urgency=7", "urgency")]
    [InlineData("status=CalledSomewhere", "status")]
    [InlineData("q=%00", "q")]
    [InlineData("forWhom=%00", "forWhom")]
    public async Task BadFilters_Are400ProblemsNamingTheField(string query, string field)
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        foreach (var path in new[] { "/api/v1/messages?", "/api/v1/messages/export?format=csv&" })
        {
            using var response = await client.GetAsync(path + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}{query}: {problem}");
        }
    }

    [Fact]
    public async Task TooLongAQuery_Is400()
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        using var response = await client.GetAsync($"/api/v1/messages?{Q(new string('林', 101))}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
