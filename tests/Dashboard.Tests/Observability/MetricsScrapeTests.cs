using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Observability;

/// <summary>An app with the Prometheus scrape endpoint switched on and guarded by a bearer token.</summary>
public sealed class MetricsFixture : AppFixture
{
    public const string Token = "scrape-token-for-tests";

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["Observability:Prometheus:Enabled"] = "true";
        app.Settings["Observability:Prometheus:Token"] = Token;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The product's own metrics reach a Prometheus scrape, and only a scraper that is allowed to read them.</summary>
public sealed partial class MetricsScrapeTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrape_ShowsThePushLatencyHistogram_AfterAMessageIsPosted()
    {
        using var scraper = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsFixture.Token);
        var before = PushCount(await scraper.GetStringAsync("/metrics", Token));

        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        await Messages.TestMessages.PostAsync(operatorCentre, Messages.TestMessages.TenantA, "メトリクス確認", "Normal");

        // The listener pushes after commit; the exporter may serve a scrape cached for a moment.
        var text = await Eventually.ReadAsync(() => scraper.GetStringAsync("/metrics", Token), t => PushCount(t) > before, "the push to be counted", Token);
        Assert.Matches(PushBucket(), text);
        Assert.Contains("dashboard_outbox_backlog", text, StringComparison.Ordinal);
        Assert.Contains("dashboard_hub_connections", text, StringComparison.Ordinal);
        Assert.Contains("dashboard_circuits_open", text, StringComparison.Ordinal);
        // The instrumentation libraries report too: Npgsql's operation durations.
        Assert.Contains("db_client_operation_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_WithoutTheConfiguredToken_IsNotFound_EvenFromLoopback()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/metrics", Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await wrong.GetAsync("/metrics", Token)).StatusCode);
    }

    /// <summary>Summed over series: another host in this test process can add a stream of the same name.</summary>
    private static long PushCount(string scrape) =>
        PushCountLine().Matches(scrape).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^dashboard_feed_push_latency_seconds_count(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex PushCountLine();

    [GeneratedRegex(@"^dashboard_feed_push_latency_seconds_bucket\{[^}]*le=""0.5""[^}]*\} \d", RegexOptions.Multiline)]
    private static partial Regex PushBucket();
}
