using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// Every main page of every role, on a phone and a desktop, in Japanese and in English, saved under
/// artifacts/pages/ for a person to look at: layout is judged by eye, this makes sure there is always something to judge.
/// </summary>
public sealed class PageScreenshotTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    /// <summary>This month's report of the first tenant (the month the test's messages are in), in the tenant's time zone.</summary>
    private static string ReportOfThisMonth =>
        $"/reports/alpha-clinic/{TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")):yyyy-MM}";

    private static readonly Dictionary<string, string[]> PagesOf = new()
    {
        [TestWorld.StaffA1] = ["/feed", "/me", "/escalation", "/history", ReportOfThisMonth],
        [TestWorld.Operator] = ["/console", "/board", "/escalation", "/history"],
        [TestWorld.ManagerA] = ["/manage", "/manage/alpha-clinic", "/manage/alpha-clinic/policies", "/manage/alpha-clinic/dry-run", "/admin/audit", "/history", ReportOfThisMonth],
        [TestWorld.Admin] = ["/board", "/admin/users", "/admin/tenants", "/admin/api-keys", "/admin/audit", "/history", ReportOfThisMonth],
    };

    public static TheoryData<string, string> RolesAndLanguages => new()
    {
        { TestWorld.StaffA1, "ja" }, { TestWorld.StaffA1, "en" },
        { TestWorld.Operator, "ja" }, { TestWorld.Operator, "en" },
        { TestWorld.ManagerA, "ja" }, { TestWorld.ManagerA, "en" },
        { TestWorld.Admin, "ja" }, { TestWorld.Admin, "en" },
    };

    [Theory]
    [MemberData(nameof(RolesAndLanguages))]
    public async Task EveryMainPage_IsSaved_OnAPhoneAndADesktop(string email, string language)
    {
        // A policy and a few messages, so the policy, audit, history and report pages have something to show.
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, Fixture.World.TenantA.Id);
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", "抜歯後の出血", "Urgent");
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", "予約の変更", "Normal");
        Directory.CreateDirectory(Path.Combine(Browser.ArtifactsDirectory, "pages"));
        var role = email.Split('@')[0];
        foreach (var (size, viewport) in new[] { ("phone", WalkthroughJourneyTests.Phone), ("desktop", WalkthroughJourneyTests.Desktop) })
        {
            var pages = PagesOf[email];
            var page = await SignInAsync($"{size}-{language}", email, pages[0], new BrowserNewContextOptions { ViewportSize = viewport });
            await page.GotoAsync($"/culture/set?culture={language}&redirectUri={Uri.EscapeDataString(pages[0])}");
            await page.WaitForInteractiveAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            foreach (var path in pages)
            {
                await page.GotoAsync(path);
                await page.WaitForInteractiveAsync();
                var name = path.Trim('/').Replace('/', '-');
                await ScreenshotAsync(page, Path.Combine("pages", $"{language}-{size}-{role}-{name}.png"));
            }
        }
    }
}
