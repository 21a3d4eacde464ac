using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// The caller gets a call back: a staff member takes an emergency, calls back, records how it went, and every other
/// watcher sees 折り返し済み without reloading; on a phone, coming back from the tel: call asks for the outcome in one tap.
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

    private static BrowserNewContextOptions Phone() => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
    };

    [Fact]
    public async Task OnAPhone_ComingBackFromTheTelCall_AsksForTheOutcome_AndOneTapRecordsIt()
    {
        var subject = $"水道管の破裂 {Guid.NewGuid().ToString("N")[..6]}";
        var phone = await SignInAsync("staff-a1-phone", TestWorld.StaffA1, "/feed", Phone());
        var watcher = await SignInAsync("staff-a2", TestWorld.StaffA2, "/feed");
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Urgent");
        var card = phone.MessageCard(subject);
        await Expect(card).ToBeVisibleAsync();
        // Conditions, not sleeps: the page listens for the tap only once its circuit has attached the script.
        await Expect(phone.Locator("html[data-callback-watch='on']")).ToHaveCountAsync(1);

        // The number stays a plain tel: link; tapping it hands over to the phone app, which hides the page.
        var link = card.GetByTestId("callback");
        await Expect(link).ToHaveAttributeAsync("href", "tel:+819012345678");
        var prompt = phone.GetByTestId("callback-prompt");
        await Expect(prompt).ToHaveCountAsync(0);
        await TapAndComeBackAsync(phone, link);

        // Back on the page after the call: one tap says how it went.
        await Expect(prompt).ToBeVisibleAsync();
        await Expect(prompt).ToContainTextAsync("山田 花子");
        var box = await prompt.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390 && box.Y >= 0 && box.Y + box.Height <= 844, $"prompt at {box.X},{box.Y} {box.Width}x{box.Height}");
        await ScreenshotAsync(phone, "callback-prompt-phone.png");

        var reached = prompt.GetByTestId("callback-Reached");
        await Expect(reached).ToBeEnabledAsync();
        await reached.ClickAsync();
        await Expect(card.GetByTestId("called-back")).ToBeVisibleAsync();
        await Expect(prompt).ToHaveCountAsync(0);
        await Expect(watcher.MessageCard(subject)).ToHaveAttributeAsync("data-called-back", "true");
        // Calling back took the message.
        await Expect(watcher.MessageCard(subject)).ToHaveAttributeAsync("data-status", "Acknowledged");

        // Dismissed, the prompt records nothing.
        await TapAndComeBackAsync(phone, link);
        await Expect(prompt).ToBeVisibleAsync();
        await prompt.GetByTestId("callback-prompt-dismiss").ClickAsync();
        await Expect(prompt).ToHaveCountAsync(0);
        var messages = await ApiMessages.ListAsync(Fixture, TestWorld.TenantAKey);
        var message = messages.Single(m => m.GetProperty("subject").GetString() == subject);
        Assert.Equal(1, message.GetProperty("callbacks").GetArrayLength());
    }

    /// <summary>
    /// What tapping the number does on a phone: the click (its navigation to tel: held back, as the phone app would take it),
    /// the page hidden while the call lasts, then shown again.
    /// </summary>
    private static async Task TapAndComeBackAsync(IPage page, ILocator link)
    {
        await link.EvaluateAsync("""
            a => {
                a.addEventListener('click', e => e.preventDefault(), { once: true });
                a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
            }
            """);
        await SetVisibilityAsync(page, "hidden");
        await SetVisibilityAsync(page, "visible");
    }

    private static Task SetVisibilityAsync(IPage page, string state) => page.EvaluateAsync("""
        state => {
            Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
            Object.defineProperty(document, 'hidden', { value: state === 'hidden', configurable: true });
            document.dispatchEvent(new Event('visibilitychange'));
        }
        """, state);
}
