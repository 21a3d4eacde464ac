using Dashboard.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// The console knows the caller: a typed callback number shows that number's earlier messages for the chosen client
/// (and only that client's), and the urgency is one key away (Alt+1/2/3) from any field of the form.
/// </summary>
public sealed class ConsoleCallerJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task TypingACallbackNumber_ShowsThatNumbersCallsToTheChosenClient_WithALinkToHistory()
    {
        foreach (var subject in new[] { "予約の変更", "請求書の件", "駐車場の場所" })
        {
            await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Normal", "090-5555-0001");
        }
        await ApiMessages.PostAsync(Fixture, "beta-build", "見積もりの件", "Normal", "090-5555-0001");
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", "別の人", "Normal", "090-5555-0002");

        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        await console.PickTenantAsync("alpha", "アルファ歯科 (alpha-clinic)");
        await console.Field("callbackNumber").FillAsync("090-5555-0001");
        var history = console.GetByTestId("caller-history");
        await Expect(history).ToHaveAttributeAsync("data-today", "3");
        await Expect(console.GetByTestId("caller-history-summary")).ToContainTextAsync("本日3件");
        await Expect(console.GetByTestId("caller-history-item")).ToHaveCountAsync(3);
        await Expect(console.GetByTestId("caller-history-item").First).ToContainTextAsync("駐車場の場所");
        await Expect(history).Not.ToContainTextAsync("見積もりの件");
        await Expect(console.GetByTestId("caller-history-link")).ToHaveAttributeAsync("href", "/history?tenant=alpha-clinic&q=090-5555-0001");
        await ScreenshotAsync(console, "console-caller-history.png");

        // Another client: only its own messages from the number.
        await console.Field("tenant").FillAsync("");
        await console.PickTenantAsync("beta", "ベータ建設 (beta-build)");
        await Expect(history).ToHaveAttributeAsync("data-today", "1");
        await Expect(console.GetByTestId("caller-history-item")).ToContainTextAsync("見積もりの件");

        // A number never seen says so; an incomplete one shows nothing.
        await console.Field("callbackNumber").FillAsync("090-5555-0009");
        await Expect(console.GetByTestId("caller-history-summary")).ToContainTextAsync("過去のメッセージはありません");
        await console.Field("callbackNumber").FillAsync("090-5");
        await Expect(history).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AltOneTwoThree_SetTheUrgency_FromAnyField_WithoutTypingIntoIt()
    {
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        await Expect(console.GetByTestId("urgency-shortcuts")).ToContainTextAsync("Alt+3 緊急");
        await Expect(console.GetByTestId("console-form")).ToHaveAttributeAsync("data-keyboard-ready", "true");
        var subject = console.Field("subject");
        await subject.FillAsync("水漏れ");
        var url = console.Url;

        await subject.PressAsync("Alt+3");
        await Expect(console.GetByTestId("emergency-banner")).ToBeVisibleAsync();
        await Expect(console.GetByTestId("urgency-Emergency")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-theme-error"));

        await console.Field("callerName").PressAsync("Alt+2");
        await Expect(console.GetByTestId("emergency-banner")).ToHaveCountAsync(0);
        await Expect(console.GetByTestId("urgency-Urgent")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-theme-warning"));

        await subject.PressAsync("Alt+1");
        await Expect(console.GetByTestId("urgency-Normal")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-theme-primary"));
        await Expect(console.GetByTestId("urgency-Urgent")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-theme-warning"));
        await Expect(subject).ToHaveValueAsync("水漏れ");
        Assert.Equal(url, console.Url);
        // The key event was taken by the page (so the browser's own Alt+digit, switching tabs, does not happen).
        var prevented = await console.EvaluateAsync<bool>(@"() => {
            const field = document.querySelector(""[data-testid='subject'] textarea, [data-testid='subject'] input, input[data-testid='subject']"");
            const event = new KeyboardEvent('keydown', { key: '2', code: 'Digit2', altKey: true, bubbles: true, cancelable: true });
            field.dispatchEvent(event);
            return event.defaultPrevented;
        }");
        Assert.True(prevented, "Alt+2 is prevented from reaching the browser");
    }
}
