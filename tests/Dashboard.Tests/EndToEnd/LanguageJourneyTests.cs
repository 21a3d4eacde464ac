using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>Japanese by default; English chosen from the app bar is remembered for that user, on any browser.</summary>
public sealed class LanguageJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task EnglishChosenFromTheAppBar_SticksAfterSignOutAndSignIn_ForThatUserOnly()
    {
        var subject = $"Parcel left at reception {Guid.NewGuid().ToString("N")[..6]}";
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Urgent");
        var page = await SignInAsync("staff-a1", TestWorld.StaffA1, "/feed");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(page.MessageCard(subject).GetByTestId("acknowledge")).ToHaveTextAsync("確認しました");

        await page.GetByTestId("language-menu").Locator("button").First.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("English", new LocatorGetByTextOptions { Exact = true }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.WaitForInteractiveAsync();
        Assert.EndsWith("/feed", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await ExpectEnglishFeedAsync(page, subject);
        await ScreenshotAsync(page, "feed-english.png");

        // Sign out: the sign-in page is English too, and signing in again keeps English.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login");
        await Expect(page.GetByTestId("login-submit")).ToHaveTextAsync("Sign in");
        await page.SignInAsync(TestWorld.StaffA1, "/feed");
        await ExpectEnglishFeedAsync(page, subject);

        // Remembered on the account, not just in this browser's cookie: a fresh browser signs in to English.
        var elsewhere = await NewPageAsync("staff-a1-other-browser");
        await elsewhere.GotoAsync("/Account/Login");
        await Expect(elsewhere.GetByTestId("login-submit")).ToHaveTextAsync("ログイン");
        await elsewhere.SignInAsync(TestWorld.StaffA1, "/feed");
        await ExpectEnglishFeedAsync(elsewhere, subject);

        // A colleague on the same tenant still gets Japanese.
        var colleague = await SignInAsync("staff-a2", TestWorld.StaffA2, "/feed");
        await Expect(colleague.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Expect(colleague.MessageCard(subject).GetByTestId("acknowledge")).ToHaveTextAsync("確認しました");
    }

    private static async Task ExpectEnglishFeedAsync(IPage page, string subject)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var card = page.MessageCard(subject);
        await Expect(card.GetByTestId("acknowledge")).ToHaveTextAsync("Acknowledge");
        await Expect(card.GetByTestId("urgency")).ToHaveTextAsync("Urgent");
        await Expect(card.GetByTestId("status")).ToHaveTextAsync("New");
        await Expect(page.GetByText("Not yet acknowledged")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Messages" })).ToBeVisibleAsync();
    }
}
