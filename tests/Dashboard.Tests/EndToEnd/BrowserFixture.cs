using Microsoft.Playwright;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// One headless Chromium (Debian's, never a downloaded one) shared by every end-to-end test class in the
/// <see cref="EndToEndGroup"/>. Each test opens its own browser contexts: separate cookies, storage and permissions.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Generous: CI has two busy cores and runs other test classes beside these.</summary>
    public const float Timeout = 30_000;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where screenshots go: $DASHBOARD_TEST_ARTIFACTS, else artifacts/test under the repository root.</summary>
    public string ArtifactsDirectory { get; } = ResolveArtifactsDirectory();

    public async ValueTask InitializeAsync()
    {
        // The browser is Debian's Chromium; Playwright must never try to fetch its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = Environment.GetEnvironmentVariable("DASHBOARD_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {executable}. Install it (apt-get install chromium) or set DASHBOARD_TEST_CHROMIUM; ./dashboard.sh test does both.");
        }
        playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(Timeout);
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
    }

    private static string ResolveArtifactsDirectory()
    {
        if (Environment.GetEnvironmentVariable("DASHBOARD_TEST_ARTIFACTS") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? Directory.GetCurrentDirectory(), "artifacts", "test");
    }
}

/// <summary>End-to-end classes share one browser and run one after another (each still has its own app and database).</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "EndToEnd";
}
