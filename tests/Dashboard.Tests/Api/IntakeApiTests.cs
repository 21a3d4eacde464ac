using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Api;

public sealed class IntakeApiTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static object ValidBody(string subject = "鍵の閉じ込み") => new
    {
        tenant = "alpha-clinic",
        callerName = "山田 花子",
        callerOrganization = "",
        callbackNumber = "090-1234-5678",
        forWhom = "院長",
        subject,
        body = "駐車場で車に鍵を閉じ込めた",
        urgency = "Emergency",
        operatorNote = "慌てた様子",
    };

    [Fact]
    public async Task Create_Returns201WithLocationAndNormalisedNumber()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);

        using var response = await client.PostAsJsonAsync("/api/v1/messages", ValidBody(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = json.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/messages/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("+819012345678", json.GetProperty("callbackNumber").GetString());
        Assert.Equal("New", json.GetProperty("status").GetString());
        Assert.Equal("Emergency", json.GetProperty("urgency").GetString());
    }

    [Theory]
    [InlineData("Normal", null)]
    [InlineData("Emergency", "2026-01-05T09:30:15.1234567+09:00")]
    public async Task Create_AnswersTheMessageExactlyAsAGetReadsItAfterwards(string urgency, string? receivedAt)
    {
        // The 201 is built from the row as written, not read back: it must not differ from the stored message in any
        // field, including a receivedAt given in another offset with more digits than PostgreSQL keeps.
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var reader = fixture.KeyClient(TestWorld.TenantAKey);
        var body = new
        {
            tenant = " alpha-clinic ", callerName = "山田 花子", callerOrganization = "山田商事", callbackNumber = "090-1234-5678",
            forWhom = "院長", subject = "折り返し希望", body = "本文", urgency, operatorNote = "", receivedAt,
        };

        using var created = await client.PostAsJsonAsync("/api/v1/messages", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var posted = await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var id = JsonDocument.Parse(posted).RootElement.GetProperty("id").GetGuid();
        using var read = await reader.GetAsync($"/api/v1/messages/{id}", TestContext.Current.CancellationToken);
        var stored = await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(stored, posted);
        if (receivedAt is not null)
        {
            Assert.Equal("2026-01-05T00:30:15.123456+00:00", JsonDocument.Parse(posted).RootElement.GetProperty("receivedAt").GetString());
        }
    }

    [Fact]
    public async Task Create_WithSameIdempotencyKeyAndBody_ReturnsFirstResultAndCreatesNothing()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        var body = JsonSerializer.Serialize(ValidBody());

        async Task<HttpResponseMessage> PostAsync(string content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
            {
                Content = new StringContent(content, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "call-42");
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var responses = await Task.WhenAll(PostAsync(body), PostAsync(body), PostAsync(body));
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid());
        }
        Assert.Single(ids);

        using var reader = fixture.KeyClient(TestWorld.TenantAKey);
        var all = await reader.GetFromJsonAsync<JsonElement>("/api/v1/messages", TestContext.Current.CancellationToken);
        Assert.Equal(1, all.GetArrayLength());

        using var different = await PostAsync(JsonSerializer.Serialize(ValidBody("別の用件")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
    }

    [Fact]
    public async Task Create_WithBadFields_Returns400ProblemNamingEachField()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);

        using var response = await client.PostAsJsonAsync("/api/v1/messages",
            new { tenant = "alpha-clinic", callbackNumber = "12", urgency = "Catastrophic", receivedAt = "yesterday" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        foreach (var field in new[] { "callerName", "subject", "callbackNumber", "urgency", "receivedAt" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }
    }

    [Fact]
    public async Task Create_ForUnknownTenant_Returns404()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);

        using var response = await client.PostAsJsonAsync("/api/v1/messages",
            new { tenant = "no-such-client", callerName = "x", callbackNumber = "03-1234-5678", subject = "x" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("dsk_not_a_key")]
    [InlineData(TestWorld.TenantAKey)]
    public async Task Create_WithBadOrTenantKey_IsRefused(string key)
    {
        using var client = fixture.KeyClient(key);

        using var response = await client.PostAsJsonAsync("/api/v1/messages", ValidBody(), TestContext.Current.CancellationToken);

        Assert.Equal(key == TestWorld.TenantAKey ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_And_OpenApi_AreServed()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", TestContext.Current.CancellationToken)).StatusCode);
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/messages", out _));
    }

    [Fact]
    public async Task OpenApi_DescribesTheListCursor_AndItsLinkHeader()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var list = openApi.GetProperty("paths").GetProperty("/api/v1/messages").GetProperty("get");
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "cursor");
        Assert.Contains("rel=\"next\"", list.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
