using Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// The caller gets a call back: a staff member takes an emergency, calls back, records how it went, and every other
/// watcher sees 折り返し済み without reloading.
/// </summary>
public sealed class CallbackJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task ReachedCallback_IsCalledBackOnEveryWatchersScreenLive_AndNotesFollow()
    {
        var subject = $"車に鍵を閉じ込めた {Guid.NewGuid().ToString("N")[..6]}";
        var staff = await SignInAsync("staff-a1", TestWorld.StaffA1, "/feed");
        var watcher = await SignInAsync("staff-a2", TestWorld.StaffA2, "/feed");
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Emergency");

        var card = staff.MessageCard(subject);
        var watched = watcher.MessageCard(subject);
        await Expect(watched).ToBeVisibleAsync();
        await Expect(watched).ToHaveAttributeAsync("data-called-back", "false");
        await card.GetByTestId("acknowledge").ClickAsync();
        await Expect(watched.GetByTestId("acknowledged-by")).ToContainTextAsync("スタッフA1");

        // On the detail page: first nobody answered, then the caller was reached.
        await card.GetByTestId("open-detail").ClickAsync();
        await staff.WaitForURLAsync(url => url.Contains("/messages/", StringComparison.Ordinal));
        await staff.Field("callback-note").FillAsync("留守電に残した");
        await staff.GetByTestId("callback-NoAnswer").ClickAsync();
        await Expect(staff.Locator("[data-testid='timeline-item'][data-kind='Callback'][data-outcome='NoAnswer']")).ToBeVisibleAsync();
        await Expect(staff.GetByTestId("timeline-callback-note")).ToHaveTextAsync("留守電に残した");
        await Expect(watched.GetByTestId("last-callback")).ToContainTextAsync("不在・留守電");
        await Expect(watched).ToHaveAttributeAsync("data-called-back", "false");

        await staff.GetByTestId("callback-Reached").ClickAsync();
        await Expect(staff.GetByTestId("called-back")).ToBeVisibleAsync();

        // The other watcher never reloaded: the chip and who called back arrive by push.
        await Expect(watched).ToHaveAttributeAsync("data-called-back", "true");
        await Expect(watched.GetByTestId("called-back")).ToContainTextAsync("折り返し済み");
        await Expect(watched.GetByTestId("called-back-by")).ToContainTextAsync("スタッフA1");
        await ScreenshotAsync(watcher, "callback-feed-called-back.png");

        // A note on the detail page reaches a second watcher of that page live too.
        var detailUrl = staff.Url;
        await watcher.GotoAsync(detailUrl);
        await watcher.WaitForInteractiveAsync();
        await staff.Field("note-text").FillAsync("10:20 折り返し済み、明日来院");
        await staff.GetByTestId("note-add").ClickAsync();
        await Expect(watcher.GetByTestId("timeline-note")).ToHaveTextAsync("10:20 折り返し済み、明日来院");
        await Expect(watcher.Locator("[data-testid='timeline-item'][data-kind='Note']")).ToContainTextAsync("スタッフA1");

        // Resolving shows who did it on the card.
        await staff.GetByTestId("resolve").ClickAsync();
        await Expect(watcher.GetByTestId("resolved-by")).ToContainTextAsync("スタッフA1");
        await ScreenshotAsync(staff, "callback-detail-desktop.png");
    }
}
