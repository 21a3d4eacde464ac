using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// Base of the browser tests: a fresh <see cref="TestWorld"/> per test, browser contexts that sign in through the real
/// sign-in form, screenshots into the artifacts folder, and a screenshot of every open page when a test fails.
/// </summary>
[Collection(EndToEndGroup.Name)]
public abstract class EndToEndTest : IAsyncLifetime
{
    private readonly List<(string Name, IPage Page)> pages = [];
    private readonly List<string> policyViolations = [];

    protected EndToEndTest(AppFixture fixture, BrowserFixture browser)
    {
        Fixture = fixture;
        Browser = browser;
    }

    protected AppFixture Fixture { get; }

    protected BrowserFixture Browser { get; }

    public virtual async ValueTask InitializeAsync() => await Fixture.ResetAsync();

    /// <summary>A new browser context (own cookies and storage) with one page, not signed in.</summary>
    protected async Task<IPage> NewPageAsync(string name, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        // A test may aim a context at another node of the same deployment.
        options.BaseURL ??= Fixture.App.BaseAddress.ToString();
        options.Locale ??= "ja-JP";
        options.TimezoneId ??= "Asia/Tokyo";
        options.ViewportSize ??= new ViewportSize { Width = 1280, Height = 900 };
        var context = await Browser.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(BrowserFixture.Timeout);
        context.SetDefaultNavigationTimeout(BrowserFixture.Timeout);
        var page = await context.NewPageAsync();
        // Whatever the Content-Security-Policy blocks, Chromium reports on the console: no page of the app may need it.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (policyViolations)
                {
                    policyViolations.Add($"{name} {page.Url}: {message.Text}");
                }
            }
        };
        pages.Add((name, page));
        return page;
    }

    /// <summary>What the Content-Security-Policy refused on any page of this test so far (empty is right).</summary>
    protected IReadOnlyList<string> PolicyViolations
    {
        get
        {
            lock (policyViolations)
            {
                return [.. policyViolations];
            }
        }
    }

    /// <summary>A new context signed in as <paramref name="email"/>, on <paramref name="path"/>, interactive.</summary>
    protected async Task<IPage> SignInAsync(string name, string email, string path, BrowserNewContextOptions? options = null)
    {
        var page = await NewPageAsync(name, options);
        await page.SignInAsync(email, path);
        return page;
    }

    /// <summary>A full-page PNG in the artifacts folder; returns its path.</summary>
    protected async Task<string> ScreenshotAsync(IPage page, string fileName)
    {
        var path = Path.Combine(Browser.ArtifactsDirectory, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        return path;
    }

    public virtual async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result == TestResult.Failed;
        var test = TestContext.Current.Test?.TestCase.TestMethod?.MethodName ?? "test";
        foreach (var (name, page) in pages)
        {
            try
            {
                if (failed && !page.IsClosed)
                {
                    await ScreenshotAsync(page, $"failed-{test}-{name}.png");
                }
            }
            catch (PlaywrightException)
            {
                // The page may be gone; the failure itself is what matters.
            }
            await page.Context.CloseAsync();
        }
        pages.Clear();
        GC.SuppressFinalize(this);
        // Every browser test doubles as a check that the app runs under its own CSP.
        if (!failed)
        {
            Assert.True(PolicyViolations.Count == 0, $"Content-Security-Policy violations: {string.Join(" | ", PolicyViolations)}");
        }
    }
}
