using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Api;

/// <summary>Input a client can get wrong: each answers 400 (413 for a huge body) as a problem document naming the field, and stores nothing.</summary>
public sealed class ApiInputProbeTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Dictionary<string, object?> ValidBody() => new()
    {
        ["tenant"] = "alpha-clinic", ["callerName"] = "山田 花子", ["callerOrganization"] = "山田商店", ["callbackNumber"] = "090-1234-5678",
        ["forWhom"] = "院長", ["subject"] = "鍵の閉じ込み", ["body"] = "駐車場で", ["urgency"] = "Urgent", ["operatorNote"] = "慌てた様子",
    };

    private async Task<HttpResponseMessage> PostAsync(string json, string? idempotencyKey = null)
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request, Token);
    }

    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string field, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    private async Task<int> StoredMessagesAsync()
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.Messages.CountAsync(Token);
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("callerName")]
    [InlineData("callerOrganization")]
    [InlineData("callbackNumber")]
    [InlineData("forWhom")]
    [InlineData("subject")]
    [InlineData("body")]
    [InlineData("urgency")]
    [InlineData("operatorNote")]
    [InlineData("receivedAt")]
    public async Task NulCharacterInAnyField_Is400NamingIt_AndStoresNothing(string field)
    {
        var body = ValidBody();
        body[field] = field == "receivedAt" ? "2026-01-01T00:00:00Z\u0000" : $"{body[field]}\u0000x";

        using var response = await PostAsync(JsonSerializer.Serialize(body));

        await AssertProblemNamingAsync(response, field);
        Assert.Equal(0, await StoredMessagesAsync());
    }

    [Fact]
    public async Task NulCharacterInTheTenantQuery_Is400NamingIt()
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await client.GetAsync("/api/v1/messages?tenant=alpha-clinic%00", Token);

        await AssertProblemNamingAsync(response, "tenant");
    }

    [Theory]
    [InlineData(201)]
    [InlineData(5000)]
    public async Task IdempotencyKeyLongerThan200Characters_Is400NamingIt_AndStoresNothing(int length)
    {
        using var response = await PostAsync(JsonSerializer.Serialize(ValidBody()), new string('k', length));

        await AssertProblemNamingAsync(response, "Idempotency-Key");
        Assert.Equal(0, await StoredMessagesAsync());
    }

    [Fact]
    public async Task IdempotencyKeyOf200Characters_IsAccepted()
    {
        using var response = await PostAsync(JsonSerializer.Serialize(ValidBody()), new string('k', 200));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1900-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2999-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task ReceivedAtOutsideTheRange_Is400NamingIt_AndStoresNothing(string receivedAt)
    {
        var body = ValidBody();
        body["receivedAt"] = receivedAt;

        using var response = await PostAsync(JsonSerializer.Serialize(body));

        await AssertProblemNamingAsync(response, "receivedAt");
        Assert.Equal(0, await StoredMessagesAsync());
    }

    [Fact]
    public async Task ReceivedAtAMinuteAhead_IsAccepted_AsAClockThatRunsSlightlyFast()
    {
        var body = ValidBody();
        body["receivedAt"] = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O");

        using var response = await PostAsync(JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("callerName", "123")]
    [InlineData("urgency", "true")]
    [InlineData("subject", "{\"a\":1}")]
    [InlineData("body", "[1,2]")]
    public async Task WrongJsonTypeForAField_Is400NamingIt(string field, string rawValue)
    {
        var json = JsonSerializer.Serialize(ValidBody()).Replace($"\"{field}\":", $"\"{field}\":{rawValue},\"_{field}\":", StringComparison.Ordinal);

        using var response = await PostAsync(json);

        await AssertProblemNamingAsync(response, field);
        Assert.Equal(0, await StoredMessagesAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task BodyThatIsNoMessageObject_Is400Problem(string json)
    {
        using var response = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HugeBody_Is413Problem_AndStoresNothing()
    {
        var body = ValidBody();
        body["body"] = new string('あ', 2_000_000);

        using var response = await PostAsync(JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await StoredMessagesAsync());
    }

    [Theory]
    [InlineData("GET", "/api/v1/messages/not-a-guid")]
    [InlineData("POST", "/api/v1/messages/not-a-guid/acknowledge")]
    [InlineData("POST", "/api/v1/messages/123/resolve")]
    public async Task BadMessageId_Is400NamingIt(string method, string path)
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Token);

        await AssertProblemNamingAsync(response, "id");
    }

    [Theory]
    [InlineData("status=Bogus", "status")]
    [InlineData("status=1", "status")]
    [InlineData("urgency=Catastrophic", "urgency")]
    [InlineData("since=yesterday", "since")]
    [InlineData("limit=lots", "limit")]
    public async Task BadQueryParameter_Is400NamingIt(string query, string field)
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await client.GetAsync($"/api/v1/messages?{query}", Token);

        await AssertProblemNamingAsync(response, field);
    }

    [Fact]
    public async Task UnknownApiRouteAndMissingKey_AnswerProblemDocuments()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var unauthorized = await anonymous.GetAsync("/api/v1/messages", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);

        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        using var missing = await client.GetAsync("/api/v1/nothing-here", Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }
}
