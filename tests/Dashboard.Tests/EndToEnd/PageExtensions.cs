using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>What every browser test does: sign in, wait for the circuit, find fields and message cards.</summary>
public static class PageExtensions
{
    /// <summary>Signs in through the static sign-in form and waits until <paramref name="path"/> is interactive.</summary>
    public static async Task SignInAsync(this IPage page, string email, string path)
    {
        await page.GotoAsync($"/Account/Login?returnUrl={Uri.EscapeDataString(path)}");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(TestWorld.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.Equals(path, StringComparison.OrdinalIgnoreCase));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Pages prerender first: buttons only work once the circuit is up, which the layout marks.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>The input (or textarea) of a MudBlazor text field marked with data-testid.</summary>
    public static ILocator Field(this IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    /// <summary>The console's client field: types part of a name or slug, then picks the one suggestion shown.</summary>
    public static async Task PickTenantAsync(this IPage page, string typed, string label)
    {
        var field = page.Field("tenant");
        await field.ClickAsync();
        await field.PressSequentiallyAsync(typed, new LocatorPressSequentiallyOptions { Delay = 50 });
        var option = page.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = label });
        await Expect(option).ToHaveCountAsync(1);
        await option.ClickAsync();
        await Expect(field).ToHaveValueAsync(label);
    }

    /// <summary>The one message card showing this subject.</summary>
    public static ILocator MessageCard(this IPage page, string subject) =>
        page.GetByTestId("message-card").Filter(new LocatorFilterOptions { Has = page.GetByTestId("subject").GetByText(subject, new LocatorGetByTextOptions { Exact = true }) });

    /// <summary>The app bar's badge of messages nobody has acknowledged yet.</summary>
    public static Task ExpectUnacknowledgedCountAsync(this IPage page, int count) =>
        Expect(page.GetByTestId("unacknowledged-count")).ToHaveAttributeAsync("data-count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
