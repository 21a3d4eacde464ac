using System.Net;
using Dashboard.Features.LiveFeed;
using Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Observability;

/// <summary>
/// /readyz answers for what a load balancer needs: database, the feed listener and the job server. And the
/// scrape endpoint is not there at all unless switched on.
/// </summary>
public sealed class ReadinessTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_IsUnready_WhileTheFeedListenerIsDown_AndReadyAgainOnceItListens()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        await Eventually.ReadAsync(() => client.GetAsync("/readyz", Token), r => r.StatusCode == HttpStatusCode.OK, "the node to be ready", Token);
        var listener = fixture.App.Services.GetRequiredService<PostgresFeedListener>();

        await listener.StopAsync(Token);
        try
        {
            using var unready = await client.GetAsync("/readyz", Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Contains("Feed listener", await unready.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }
        finally
        {
            await listener.StartAsync(Token);
        }
        await Eventually.ReadAsync(() => client.GetAsync("/readyz", Token), r => r.StatusCode == HttpStatusCode.OK, "the node to be ready again", Token);
    }

    [Fact]
    public async Task Metrics_AreNotServed_UnlessSwitchedOn()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics", Token)).StatusCode);
    }
}
