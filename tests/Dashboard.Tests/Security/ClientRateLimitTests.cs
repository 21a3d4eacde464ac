using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>What one client may repeat: sign-in posts, wrong API keys, posts to the public link pages. Then 429 with Retry-After.</summary>
public sealed partial class ClientRateLimitTests(ClientLimitFixture fixture) : IClassFixture<ClientLimitFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = fixture.App.BaseAddress };

    [Fact]
    public async Task SignInPostsBeyondTheClientsLimit_Get429WithRetryAfter_ButThePageStillOpens()
    {
        using var http = NewClient();
        for (var i = 0; i < ClientLimitFixture.Limit; i++)
        {
            using var allowed = await SignedInClient.PostSignInFormAsync(http, $"nobody{i}@example.com", "wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await SignedInClient.PostSignInFormAsync(http, "someone-else@example.com", "wrong-password-1");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        using var page = await http.GetAsync("/Account/Login", Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task WrongApiKeysBeyondTheClientsLimit_Get429ProblemWithRetryAfter_AndNoKeyIsCheckedMeanwhile()
    {
        for (var i = 0; i < ClientLimitFixture.Limit; i++)
        {
            using var wrong = fixture.KeyClient($"dsk_guess_{i}");
            using var unauthorized = await wrong.GetAsync("/api/v1/messages", Token);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var next = fixture.KeyClient("dsk_guess_next");
        using var refused = await next.GetAsync("/api/v1/messages", Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("status").GetInt32());

        // Even the right key is not looked at from this client until the window passes: guessing stays capped.
        using var right = fixture.KeyClient(TestWorld.TenantAKey);
        using var alsoRefused = await right.GetAsync("/api/v1/messages", Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, alsoRefused.StatusCode);
    }

    [Fact]
    public async Task PostsToTheLinkPagesBeyondTheClientsLimit_Get429_WhileOpeningALinkIsNotLimited()
    {
        using var http = NewClient();
        using var opening = await http.GetAsync("/ack/not-a-real-token", Token);
        var page = await opening.Content.ReadAsStringAsync(Token);
        var token = AntiforgeryField().Match(page).Groups[1].Value;

        async Task<HttpResponseMessage> PostAsync(string path)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["_handler"] = "ack" });
            return await http.PostAsync(path, form, Token);
        }

        for (var i = 0; i < ClientLimitFixture.Limit; i++)
        {
            using var allowed = await PostAsync(i % 2 == 0 ? "/ack/not-a-real-token" : "/verify/not-a-real-token");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        using var refused = await PostAsync("/verify/not-a-real-token");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");

        for (var i = 0; i < ClientLimitFixture.Limit + 2; i++)
        {
            using var opened = await http.GetAsync("/ack/not-a-real-token", Token);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, opened.StatusCode);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
