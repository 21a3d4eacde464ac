using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.LiveFeed;
using Dashboard.Tests.Messages;

namespace Dashboard.Tests.FollowUps;

/// <summary>POST /api/v1/messages/{id}/callbacks and /notes on real PostgreSQL, through the tenant's and the operator centre's keys.</summary>
public sealed class CallbacksApiTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private MessageDto messageOfA = default!;
    private MessageDto messageOfB = default!;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        messageOfA = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A: 鍵の閉じ込み", "Emergency");
        messageOfB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B: 水道管の破裂", "Emergency");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Guid id, string what, object body) =>
        client.PostAsJsonAsync($"/api/v1/messages/{id}/{what}", body, Cancellation);

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, Guid id, string what, string json) =>
        client.PostAsync(new Uri($"/api/v1/messages/{id}/{what}", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"), Cancellation);

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

    [Fact]
    public async Task RecordingACallback_Returns201WithTheCallback_AndTheMessageCarriesIt()
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await PostAsync(tenantA, messageOfA.Id, "callbacks", new { outcome = "NoAnswer", note = "留守電に残した" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callback = await JsonOf(response);
        Assert.Equal("NoAnswer", callback.GetProperty("outcome").GetString());
        Assert.Equal("留守電に残した", callback.GetProperty("note").GetString());
        Assert.Equal("Api", callback.GetProperty("channel").GetString());
        Assert.Equal(JsonValueKind.Null, callback.GetProperty("durationSeconds").ValueKind);
        Assert.False(string.IsNullOrEmpty(callback.GetProperty("by").GetString()));
        Assert.True(callback.TryGetProperty("calledAt", out _));

        using var read = await tenantA.GetAsync(new Uri($"/api/v1/messages/{messageOfA.Id}", UriKind.Relative), Cancellation);
        var message = await JsonOf(read);
        Assert.Equal(callback.GetProperty("id").GetGuid(), message.GetProperty("callbacks")[0].GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("calledBackAt").ValueKind);
        Assert.Equal(0, message.GetProperty("notes").GetArrayLength());
        // Whoever calls back has taken it, and taking an emergency starts its callback deadline (15 minutes by default).
        Assert.Equal("Acknowledged", message.GetProperty("status").GetString());
        Assert.Equal(message.GetProperty("acknowledgedAt").GetDateTimeOffset().AddMinutes(15), message.GetProperty("callbackDueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task FirstReached_SetsCalledBackAtOnce_AndLaterAttemptsDoNotMoveIt()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var received = messageOfA.ReceivedAt;

        using (var noAnswer = await PostAsync(operatorCentre, messageOfA.Id, "callbacks", new { outcome = "NoAnswer", calledAt = received.AddSeconds(30) }))
        {
            Assert.Equal(HttpStatusCode.Created, noAnswer.StatusCode);
        }
        Assert.Null((await TestMessages.GetAsync(operatorCentre, messageOfA.Id)).CalledBackAt);

        var reachedAt = received.AddSeconds(60);
        using (var reached = await PostAsync(operatorCentre, messageOfA.Id, "callbacks", new { outcome = "Reached", calledAt = reachedAt }))
        {
            Assert.Equal(HttpStatusCode.Created, reached.StatusCode);
        }
        var afterFirst = await TestMessages.GetAsync(operatorCentre, messageOfA.Id);
        Assert.Equal(reachedAt, afterFirst.CalledBackAt);

        // A later reached call, and one recorded afterwards for an earlier time: neither moves it.
        using (var again = await PostAsync(operatorCentre, messageOfA.Id, "callbacks", new { outcome = "Reached", calledAt = received.AddSeconds(90) }))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }
        using (var backdated = await PostAsync(operatorCentre, messageOfA.Id, "callbacks", new { outcome = "Reached", calledAt = received.AddSeconds(45) }))
        {
            Assert.Equal(HttpStatusCode.Created, backdated.StatusCode);
        }
        var after = await TestMessages.GetAsync(operatorCentre, messageOfA.Id);
        Assert.Equal(reachedAt, after.CalledBackAt);
        Assert.Equal(4, after.Callbacks.Count);
        // In call order, whenever they were recorded.
        Assert.Equal([CallbackOutcome.NoAnswer, CallbackOutcome.Reached, CallbackOutcome.Reached, CallbackOutcome.Reached], after.Callbacks.Select(c => c.Outcome));
        Assert.Equal(after.Callbacks.Select(c => c.CalledAt).Order(), after.Callbacks.Select(c => c.CalledAt));
    }

    [Fact]
    public async Task ConcurrentReachedCallbacks_SetCalledBackAtExactlyOnce()
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);
        var times = Enumerable.Range(1, 6).Select(i => messageOfA.ReceivedAt.AddSeconds(i * 10)).ToArray();

        var responses = await Task.WhenAll(times.Select(t => PostAsync(tenantA, messageOfA.Id, "callbacks", new { outcome = "Reached", calledAt = t })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var after = await TestMessages.GetAsync(tenantA, messageOfA.Id);
        Assert.Contains(after.CalledBackAt!.Value, times);
        Assert.Equal(6, after.Callbacks.Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Notes_Return201_AndAppearOnTheMessageInOrder()
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        using var first = await PostAsync(tenantA, messageOfA.Id, "notes", new { text = "10:05 電話、留守電に残した" });
        using var second = await PostAsync(tenantA, messageOfA.Id, "notes", new { text = "  10:20 折り返しあり  " });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var note = await JsonOf(second);
        Assert.Equal("10:20 折り返しあり", note.GetProperty("text").GetString());
        Assert.False(string.IsNullOrEmpty(note.GetProperty("by").GetString()));
        var message = await TestMessages.GetAsync(tenantA, messageOfA.Id);
        Assert.Equal(["10:05 電話、留守電に残した", "10:20 折り返しあり"], message.Notes.Select(n => n.Text));
        // A note takes nothing: the message is still nobody's.
        Assert.Equal(MessageStatus.New, message.Status);
    }

    [Theory]
    [InlineData("callbacks")]
    [InlineData("notes")]
    public async Task AnotherTenantsMessage_Returns404_AndStaysUntouched(string what)
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);
        using var tenantB = fixture.KeyClient(TestWorld.TenantBKey);

        using var response = await PostAsync(tenantA, messageOfB.Id, what, new { outcome = "Reached", text = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("callerName", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        var after = await TestMessages.GetAsync(tenantB, messageOfB.Id);
        Assert.Empty(after.Callbacks);
        Assert.Empty(after.Notes);
        Assert.Equal(MessageStatus.New, after.Status);
        Assert.Equal(messageOfB.UpdatedAt, after.UpdatedAt);

        using var missing = await PostAsync(tenantA, Guid.NewGuid(), what, new { outcome = "Reached", text = "x" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("""{"outcome":"Answered"}""", "outcome")]
    [InlineData("""{"outcome":"0"}""", "outcome")]
    [InlineData("""{"outcome":"Reached,Busy"}""", "outcome")]
    [InlineData("""{}""", "outcome")]
    [InlineData("""{"outcome":7}""", "outcome")]
    [InlineData("""{"outcome":"Reached","note":"a\u0000b"}""", "note")]
    [InlineData("""{"outcome":"Reached","note":12}""", "note")]
    [InlineData("""{"outcome":"Reached","calledAt":"yesterday"}""", "calledAt")]
    [InlineData("""{"outcome":"Reached","calledAt":"2026-13-45T99:00:00Z"}""", "calledAt")]
    [InlineData("""{"outcome":"Reached","calledAt":"2099-01-01T00:00:00Z"}""", "calledAt")]
    [InlineData("""{"outcome":"Reached","calledAt":"2020-01-01T00:00:00Z"}""", "calledAt")]
    [InlineData("""{"outcome":"Reached","calledAt":"2026-01-01T00:00:00Z\u0000"}""", "calledAt")]
    public async Task BadCallback_Returns400NamingTheField(string json, string field)
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await PostRawAsync(tenantA, messageOfA.Id, "callbacks", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
        Assert.Empty((await TestMessages.GetAsync(tenantA, messageOfA.Id)).Callbacks);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"text":"   "}""")]
    [InlineData("""{"text":"a\u0000b"}""")]
    [InlineData("""{"text":["x"]}""")]
    public async Task BadNote_Returns400NamingText(string json)
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await PostRawAsync(tenantA, messageOfA.Id, "notes", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonOf(response)).GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task HugeNotesAndBodies_AreRefusedCleanly_NeverA500()
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        using var tooLong = await PostAsync(tenantA, messageOfA.Id, "callbacks", new { outcome = "Busy", note = new string('あ', MessageLimits.Note + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await JsonOf(tooLong)).GetProperty("errors").TryGetProperty("note", out _));

        using var noteTooLong = await PostAsync(tenantA, messageOfA.Id, "notes", new { text = new string('x', MessageLimits.Note + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, noteTooLong.StatusCode);

        using var huge = await PostAsync(tenantA, messageOfA.Id, "callbacks", new { outcome = "Busy", note = new string('x', 1_000_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);

        using var notJson = await PostRawAsync(tenantA, messageOfA.Id, "callbacks", "outcome=Reached");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        using var badId = await PostAsync(tenantA, Guid.Empty, "callbacks", new { outcome = "Reached" });
        Assert.NotEqual(HttpStatusCode.InternalServerError, badId.StatusCode);
        using var notAnId = await tenantA.PostAsJsonAsync("/api/v1/messages/not-an-id/callbacks", new { outcome = "Reached" }, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, notAnId.StatusCode);
        Assert.Empty((await TestMessages.GetAsync(tenantA, messageOfA.Id)).Callbacks);
    }

    [Fact]
    public async Task WithoutAKey_Returns401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };

        using var response = await PostAsync(anonymous, messageOfA.Id, "callbacks", new { outcome = "Reached" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HubClientsOfTheTenant_HearTheCallbackAndTheNote_OthersDoNot()
    {
        await using var hubA = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, TestWorld.TenantAKey);
        await using var hubB = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, TestWorld.TenantBKey);
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        using (var response = await PostAsync(tenantA, messageOfA.Id, "callbacks", new { outcome = "Reached", note = "話せた" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var pushed = await hubA.WaitForAsync(MessagesHub.UpdatedEvent, messageOfA.Id, m => m.CalledBackAt is not null);
        Assert.Equal(CallbackOutcome.Reached, Assert.Single(pushed.Callbacks).Outcome);

        using (var response = await PostAsync(tenantA, messageOfA.Id, "notes", new { text = "了解済み" }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        var withNote = await hubA.WaitForAsync(MessagesHub.UpdatedEvent, messageOfA.Id, m => m.Notes.Count == 1);
        Assert.Equal("了解済み", withNote.Notes[0].Text);
        Assert.DoesNotContain(messageOfA.Id, hubB.IdsOf(MessagesHub.UpdatedEvent));
    }

    [Fact]
    public async Task OpenApi_DescribesCallbacksAndNotes()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var openApi = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);

        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/messages/{id}/callbacks", out var callbacks));
        Assert.True(callbacks.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/messages/{id}/notes", out _));
        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        var message = schemas.GetProperty("MessageDto").GetProperty("properties");
        foreach (var field in new[] { "callbacks", "calledBackAt", "callbackDueAt", "notes" })
        {
            Assert.True(message.TryGetProperty(field, out _), $"MessageDto has no {field}");
        }
    }
}
