using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// The product's promise in a real browser: what the operator records is on every watching screen of that client
/// at once, never on another client's, and who took it is visible to everyone watching.
/// </summary>
public sealed class LiveFeedJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    private static BrowserNewContextOptions StaffOptions() => new() { Permissions = ["notifications"] };

    [Fact]
    public async Task FeedFilters_NarrowTheCardsToTheChosenUrgencyAndStatus_AndAllShowsThemAgain()
    {
        var emergency = $"漏水 {Guid.NewGuid().ToString("N")[..6]}";
        var normal = $"資料請求 {Guid.NewGuid().ToString("N")[..6]}";
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", emergency, "Emergency");
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", normal, "Normal");
        var page = await SignInAsync("staff-a1-filters", TestWorld.StaffA1, "/feed", StaffOptions());
        var cards = page.GetByTestId("message-card");
        await Expect(cards.Filter(new() { HasText = emergency })).ToHaveCountAsync(1);
        await Expect(cards.Filter(new() { HasText = normal })).ToHaveCountAsync(1);

        await page.GetByTestId("filter-urgency").SelectOptionAsync("Emergency");
        await Expect(cards.Filter(new() { HasText = normal })).ToHaveCountAsync(0);
        await Expect(cards.Filter(new() { HasText = emergency })).ToHaveCountAsync(1);

        await page.GetByTestId("filter-urgency").SelectOptionAsync("");
        await page.GetByTestId("filter-status").SelectOptionAsync("Resolved");
        await Expect(cards).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("filter-status").Locator("option:checked")).ToHaveTextAsync("対応完了");

        await page.GetByTestId("filter-status").SelectOptionAsync("");
        await Expect(cards.Filter(new() { HasText = normal })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task OperatorEmergency_AppearsLiveForTenantStaff_AndAcknowledgementReachesEveryWatcher()
    {
        var subject = $"車に鍵を閉じ込めた {Guid.NewGuid().ToString("N")[..6]}";

        // Everybody is watching before the call comes in.
        var a1 = await SignInAsync("staff-a1", TestWorld.StaffA1, "/feed", StaffOptions());
        var a2 = await SignInAsync("staff-a2", TestWorld.StaffA2, "/feed", StaffOptions());
        var b = await SignInAsync("staff-b", TestWorld.StaffB, "/feed", StaffOptions());
        foreach (var watcher in new[] { a1, a2, b })
        {
            await Expect(watcher.GetByTestId("feed-empty")).ToBeVisibleAsync();
            await watcher.ExpectUnacknowledgedCountAsync(0);
        }
        // Notifications were granted up front, so the page does not ask.
        await Expect(a1.GetByTestId("enable-notifications")).ToHaveCountAsync(0);

        // The operator takes the call: type-ahead for the client, the details, Emergency, save.
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        var tenant = console.Field("tenant");
        await tenant.ClickAsync();
        await tenant.PressSequentiallyAsync("alph", new LocatorPressSequentiallyOptions { Delay = 50 });
        var option = console.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "アルファ歯科" });
        await Expect(option).ToHaveCountAsync(1);
        await Expect(console.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "ベータ建設" })).ToHaveCountAsync(0);
        await option.ClickAsync();
        await Expect(tenant).ToHaveValueAsync("アルファ歯科 (alpha-clinic)");

        await console.Field("callerName").FillAsync("山田 花子");
        await console.Field("callerOrganization").FillAsync("山田商事");
        await console.Field("callbackNumber").FillAsync("090-1234-5678");
        await console.Field("forWhom").FillAsync("院長");
        await console.Field("subject").FillAsync(subject);
        await console.Field("body").FillAsync("立体駐車場で車に鍵を閉じ込めてしまった。車内に子どもがいる。");
        await console.Field("operatorNote").FillAsync("慌てた様子で、折り返しを2回求められた");
        await console.GetByTestId("urgency-Emergency").ClickAsync();
        await Expect(console.GetByTestId("urgency-Emergency")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(console.GetByTestId("emergency-banner")).ToBeVisibleAsync();
        // The number is checked and shown normalised while the operator is still on the phone.
        await Expect(console.GetByText("(+819012345678)")).ToBeVisibleAsync();
        await ScreenshotAsync(console, "console.png");

        await console.GetByTestId("save").ClickAsync();
        await Expect(console.GetByTestId("save-success").Filter(new LocatorFilterOptions { HasText = subject })).ToBeVisibleAsync();
        await Expect(tenant).ToHaveValueAsync("");

        // Both A watchers get it pushed, no reload: emergency styling, the number to call, the count and the alert.
        var cardA1 = a1.MessageCard(subject);
        var cardA2 = a2.MessageCard(subject);
        await Expect(cardA1).ToBeVisibleAsync();
        await Expect(cardA2).ToBeVisibleAsync();
        await Expect(cardA1).ToHaveAttributeAsync("data-status", "New");
        await Expect(cardA1).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bopen-emergency\b"));
        await Expect(cardA1.GetByTestId("urgency")).ToHaveAttributeAsync("data-urgency", "Emergency");
        await Expect(cardA1.GetByTestId("urgency")).ToContainTextAsync("緊急");
        await Expect(cardA1.GetByTestId("callback")).ToHaveAttributeAsync("href", "tel:+819012345678");
        await a1.ExpectUnacknowledgedCountAsync(1);
        await a2.ExpectUnacknowledgedCountAsync(1);
        await Expect(a1.GetByTestId("open-count")).ToHaveTextAsync("1");
        await Expect(a1.GetByTestId("oldest-urgent")).ToContainTextAsync(subject);
        await a1.WaitForFunctionAsync("() => (window.__dashboardAlerts || 0) > 0");
        await ScreenshotAsync(a1, "feed-staff-a1.png");

        // Tenant B's watcher never sees it. Proven after A saw it, and after a later push that B does see,
        // so B's feed was live the whole time and simply never got A's message.
        await Expect(b.GetByText(subject)).ToHaveCountAsync(0);
        await b.ExpectUnacknowledgedCountAsync(0);

        // A1 takes it; A2's card turns Acknowledged with A1's name, without a reload.
        await cardA1.GetByTestId("acknowledge").ClickAsync();
        await Expect(cardA1).ToHaveAttributeAsync("data-status", "Acknowledged");
        await Expect(cardA1.GetByTestId("acknowledge")).ToHaveCountAsync(0);
        await Expect(cardA2).ToHaveAttributeAsync("data-status", "Acknowledged");
        await Expect(cardA2.GetByTestId("acknowledged-by")).ToContainTextAsync("スタッフA1");
        await Expect(cardA2.GetByTestId("status")).ToContainTextAsync("確認済み");
        await Expect(cardA2.GetByTestId("acknowledge")).ToHaveCountAsync(0);
        await Expect(cardA2).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\btaken\b"));
        await a2.ExpectUnacknowledgedCountAsync(0);
        await a1.ExpectUnacknowledgedCountAsync(0);
        await ScreenshotAsync(a2, "feed-staff-a2-acknowledged.png");

        var forB = $"ベータ建設への伝言 {Guid.NewGuid().ToString("N")[..6]}";
        await ApiMessages.PostAsync(Fixture, "beta-build", forB, "Normal");
        await Expect(b.MessageCard(forB)).ToBeVisibleAsync();
        await b.ExpectUnacknowledgedCountAsync(1);
        await Expect(b.GetByText(subject)).ToHaveCountAsync(0);
        await Expect(b.GetByTestId("message-card")).ToHaveCountAsync(1);
        await ScreenshotAsync(b, "feed-staff-b.png");
        await Expect(a1.GetByText(forB)).ToHaveCountAsync(0);
        await Expect(a1.GetByTestId("message-card")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task PhoneSizedFeed_ShowsAcknowledgeButton_AndItWorks()
    {
        var subject = $"水漏れ {Guid.NewGuid().ToString("N")[..6]}";
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Urgent", "03-1234-5678");
        var phone = await SignInAsync("staff-a1-phone", TestWorld.StaffA1, "/feed", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Permissions = ["notifications"],
        });

        var card = phone.MessageCard(subject);
        await Expect(card).ToBeVisibleAsync();
        var acknowledge = card.GetByTestId("acknowledge");
        await Expect(acknowledge).ToBeVisibleAsync();
        await acknowledge.ScrollIntoViewIfNeededAsync();
        var box = await acknowledge.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"Acknowledge button is off screen: x={box.X}, width={box.Width}");
        Assert.True(box.Height >= 40, $"Acknowledge button is too small to tap: height={box.Height}");
        // Nothing on the page forces sideways scrolling on a phone.
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The feed scrolls sideways by {overflow}px on a phone");
        await Expect(card.GetByTestId("callback")).ToHaveAttributeAsync("href", "tel:+81312345678");
        await ScreenshotAsync(phone, "feed-phone.png");

        await acknowledge.TapAsync();

        await Expect(card).ToHaveAttributeAsync("data-status", "Acknowledged");
        await Expect(card.GetByTestId("acknowledged-by")).ToContainTextAsync("スタッフA1");
        await Expect(card.GetByTestId("acknowledge")).ToHaveCountAsync(0);
        await phone.ExpectUnacknowledgedCountAsync(0);
        await ScreenshotAsync(phone, "feed-phone-acknowledged.png");
    }
}
