using Dashboard.Features.LiveFeed;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port (so browsers, SignalR clients and a second instance can reach it),
/// on the given database. Two of these on one database are two nodes of one deployment.
/// </summary>
public sealed class DashboardApp : WebApplicationFactory<Program>
{
    private readonly string connectionString;

    public DashboardApp(string connectionString)
    {
        this.connectionString = connectionString;
        UseKestrel(0);
    }

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>"Testing" unless a test needs what only Development has (the development outbox).</summary>
    public string EnvironmentName { get; set; } = "Testing";

    /// <summary>Extra configuration for this instance (an SMTP host, a Twilio stub); set before <see cref="StartAsync"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Services added on top of the app's own (a fake channel); set before <see cref="StartAsync"/>.</summary>
    public List<Action<IServiceCollection>> ExtraServices { get; } = [];

    public async Task StartAsync()
    {
        StartServer();
        BaseAddress = ClientOptions.BaseAddress;
        // Pushes are only heard once this node LISTENs.
        await Services.GetRequiredService<PostgresFeedListener>().Listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // And only once ready (database, listener, job server heartbeat), as a load balancer would wait.
        using var probe = new HttpClient { BaseAddress = BaseAddress };
        await Eventually.ReadAsync(async () => (await probe.GetAsync("/readyz")).IsSuccessStatusCode, ready => ready, "the node to be ready", CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:Dashboard", connectionString);
        builder.UseSetting("Dashboard:MigrateOnStartup", "false");
        builder.UseSetting("Dashboard:SeedDemo", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Links and callbacks point at this instance's own port, not the local run's fixed URL in appsettings.json.
        builder.UseSetting("Dashboard:PublicBaseUrl", "");
        // Each in-process host is its own node to OpenTelemetry (its meters stay apart from the other hosts').
        builder.UseSetting("Observability:InstanceId", $"test-{Guid.NewGuid().ToString("N")[..8]}");
        // Every test signs in and calls from 127.0.0.1: only the tests that probe the limits set small ones.
        foreach (var limit in new[] { "SignInPerClientPerMinute", "SignInPerAccountPerMinute", "FailedApiKeysPerClientPerMinute", "LinkPostsPerClientPerMinute" })
        {
            builder.UseSetting($"RateLimiting:{limit}", "100000");
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => ExtraServices.ForEach(add => add(services)));
    }
}
