using System.Net;
using System.Net.Http.Json;
using Dashboard.Tests.Infrastructure;
using Npgsql;

namespace Dashboard.Tests.Api;

/// <summary>The app in Development (what ./dashboard.sh run uses), reaching PostgreSQL through a relay the test can cut.</summary>
public sealed class OutageAppFixture : AppFixture
{
    public TcpForwarder Database { get; private set; } = default!;

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        Database = new TcpForwarder(direct.Host!, direct.Port);
        Database.Start();
        app.EnvironmentName = "Development";
        app.Settings["ConnectionStrings:Dashboard"] = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = Database.Port, Timeout = 3 }.ConnectionString;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>While the database is away every request says "retry later" (503, Retry-After) and leaks nothing, even in Development.</summary>
public sealed class DatabaseOutageTests(OutageAppFixture fixture) : IClassFixture<OutageAppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void AssertLeaksNothing(string body)
    {
        foreach (var secret in new[] { "Bearer", "dsk_", "Authorization", "Exception", "Npgsql", "   at ", "Host=", "Cookie" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task AssertUnavailableProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertLeaksNothing(body);
    }

    [Fact]
    public async Task DatabaseAway_ApiAndPagesAnswer503WithRetryAfter_WithoutStackTraceHeadersOrKeys_AndRecoverAfterwards()
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        using var tenantKey = fixture.KeyClient(TestWorld.TenantAKey);
        var message = new { tenant = "alpha-clinic", callerName = "山田", callbackNumber = "03-1234-5678", subject = "停電中" };

        await fixture.Database.StopAsync();
        try
        {
            // The key is checked against the database first: the failure comes from the auth handler.
            using (var created = await operatorCentre.PostAsJsonAsync("/api/v1/messages", message, Token))
            {
                await AssertUnavailableProblemAsync(created);
            }
            using (var listed = await tenantKey.GetAsync("/api/v1/messages", Token))
            {
                await AssertUnavailableProblemAsync(listed);
            }

            using var page = await staff.Http.GetAsync("/", Token);
            var html = await page.Content.ReadAsStringAsync(Token);
            Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)page.StatusCode}: {html}");
            Assert.NotNull(page.Headers.RetryAfter);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("data-testid=\"error-page\"", html, StringComparison.Ordinal);
            AssertLeaksNothing(html);
        }
        finally
        {
            fixture.Database.Start();
        }

        var recovered = await Eventually.ReadAsync(
            async () =>
            {
                using var response = await operatorCentre.PostAsJsonAsync("/api/v1/messages", message, Token);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Created, "the API to take messages again", Token);
        Assert.Equal(HttpStatusCode.Created, recovered);
    }
}
