using System.Net;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// Each role's day on a phone and a desktop: the app bar fits, destructive actions ask first, unsaved edits are not
/// lost silently, an unknown address shows the app's own page, and an access-denied page leads back into the app.
/// </summary>
public sealed class WalkthroughJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };

    /// <summary>A phone as Chromium emulates one: 390x844 at 2x, touch, mobile viewport.</summary>
    public static BrowserNewContextOptions PhoneDevice() => new() { ViewportSize = Phone, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true };

    public static TheoryData<string, string> Roles => new()
    {
        { TestWorld.StaffA1, "/feed" },
        { TestWorld.Operator, "/console" },
        { TestWorld.ManagerA, "/board" },
        { TestWorld.Admin, "/board" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task AppBar_StaysOneLineOnAPhone_WithSignOutOnScreen_AndThePagesInADrawer(string email, string home)
    {
        var phone = await SignInAsync("phone", email, home, new BrowserNewContextOptions { ViewportSize = Phone });
        await ExpectBarFitsAsync(phone, Phone.Width);
        await Expect(phone.GetByTestId("nav-bar")).ToBeHiddenAsync();

        await phone.GetByTestId("nav-toggle").ClickAsync();
        var escalation = phone.Locator(".mud-drawer .mud-nav-link").Filter(new LocatorFilterOptions { HasText = "エスカレーション" });
        await Expect(escalation).ToBeVisibleAsync();
        await ScreenshotAsync(phone, $"phone-drawer-{email.Split('@')[0]}.png");
        await escalation.ClickAsync();
        // An in-app navigation (history.pushState) has no load event to wait for: poll the address instead.
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/escalation(\\?|$)"));

        var desktop = await SignInAsync("desktop", email, home, new BrowserNewContextOptions { ViewportSize = Desktop });
        await ExpectBarFitsAsync(desktop, Desktop.Width);
        await Expect(desktop.GetByTestId("nav-bar")).ToBeVisibleAsync();
        await Expect(desktop.GetByTestId("nav-toggle")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Feed_OnAPhoneAndADesktop_ShowsTheFirstCardInTheTopHalf_WithTheSummaryAndFiltersOnScreen()
    {
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", "抜歯後の出血", "Urgent");
        foreach (var (size, viewport) in new[] { ("phone", Phone), ("desktop", Desktop) })
        {
            var page = await SignInAsync(size, TestWorld.StaffA1, "/feed", new BrowserNewContextOptions { ViewportSize = viewport });
            var card = page.GetByTestId("message-card").First;
            await Expect(card).ToBeVisibleAsync();
            await ScreenshotAsync(page, $"{size}-feed-staff.png");
            var cardBox = await card.BoundingBoxAsync();
            Assert.True(cardBox!.Y < viewport.Height / 2, $"{size}: the first card starts in the top half of the screen ({cardBox.Y}px of {viewport.Height})");
            foreach (var id in new[] { "open-count", "oldest-urgent", "filter-status", "filter-urgency", "filter-callback" })
            {
                var box = await page.GetByTestId(id).First.BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= viewport.Width && box.Y + box.Height <= viewport.Height,
                    $"{size}: {id} is inside the screen ({box?.X},{box?.Y} {box?.Width}x{box?.Height})");
            }
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{size}: the page does not scroll sideways");
        }
    }

    private static async Task ExpectBarFitsAsync(IPage page, int width)
    {
        var bar = page.Locator("header.mud-appbar");
        var toolbar = bar.Locator(".mud-toolbar").First;
        foreach (var control in new[] { page.GetByTestId("sign-out"), page.GetByTestId("language-menu"), page.GetByTestId("unacknowledged-count") })
        {
            await Expect(control).ToBeVisibleAsync();
            var box = await control.BoundingBoxAsync();
            Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width, $"{control} is on screen ({box?.X}+{box?.Width} of {width})");
        }
        Assert.True(await toolbar.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth + 1"), "nothing in the app bar overflows");
        var barBox = await bar.BoundingBoxAsync();
        Assert.True(barBox!.Height <= 72, $"the app bar stays one line ({barBox.Height}px)");
    }

    [Fact]
    public async Task RevokingAKey_DeactivatingAUserOrATenant_AskFirst_AndCancelChangesNothing()
    {
        var admin = await SignInAsync("admin", TestWorld.Admin, "/admin/api-keys");
        var keyRow = admin.GetByTestId("key-table").Locator("tr").Filter(new LocatorFilterOptions { HasText = "Tenant A system" });
        await keyRow.GetByTestId("key-revoke").ClickAsync();
        var dialog = admin.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Tenant A system");
        await ScreenshotAsync(admin, "confirm-revoke-key.png");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "キャンセル" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(keyRow.GetByTestId("key-revoke")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, await KeyStatusAsync(TestWorld.TenantAKey));

        await keyRow.GetByTestId("key-revoke").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "無効化" }).ClickAsync();
        await Expect(keyRow.GetByTestId("key-revoke")).ToHaveCountAsync(0);
        await Eventually.ReadAsync(() => KeyStatusAsync(TestWorld.TenantAKey), s => s == HttpStatusCode.Unauthorized, "the revoked key refused", TestContext.Current.CancellationToken);

        await admin.GotoAsync("/admin/users");
        await admin.WaitForInteractiveAsync();
        var userRow = admin.GetByTestId("user-table").Locator("tr").Filter(new LocatorFilterOptions { HasText = TestWorld.StaffA1 });
        await userRow.GetByTestId("user-deactivate").ClickAsync();
        await Expect(dialog).ToContainTextAsync("スタッフA1");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "キャンセル" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(userRow.GetByTestId("user-deactivate")).ToBeVisibleAsync();

        await admin.GotoAsync("/admin/tenants");
        await admin.WaitForInteractiveAsync();
        var tenantRow = admin.Locator("tr").Filter(new LocatorFilterOptions { HasText = "beta-build" });
        await tenantRow.GetByTestId("tenant-deactivate").ClickAsync();
        await Expect(dialog).ToContainTextAsync("ベータ建設");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "キャンセル" }).ClickAsync();
        await Expect(tenantRow.GetByTestId("tenant-deactivate")).ToBeVisibleAsync();
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        Assert.True(await db.Tenants.Where(t => t.Slug == "beta-build").Select(t => t.IsActive).SingleAsync(TestContext.Current.CancellationToken));
    }

    private async Task<HttpStatusCode> KeyStatusAsync(string key)
    {
        using var client = Fixture.KeyClient(key);
        using var response = await client.GetAsync("/api/v1/messages", TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static readonly System.Text.RegularExpressions.Regex ListUrl = new("/manage/alpha-clinic/policies$");

    [Fact]
    public async Task LeavingThePolicyEditorWithUnsavedEdits_Asks_AndStayingKeepsThem()
    {
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, Fixture.World.TenantA.Id);
        Guid policyId;
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            policyId = (await db.EscalationPolicies.SingleAsync(p => p.TenantId == Fixture.World.TenantA.Id, TestContext.Current.CancellationToken)).Id;
        }
        var editor = await SignInAsync("manager", TestWorld.ManagerA, $"/manage/alpha-clinic/policies/{policyId}");
        var breadcrumb = editor.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "エスカレーションポリシー" });
        // The interactive editor marks whether leaving would ask (data-dirty): the test types only once it is there, and
        // leaves a field only once the server has its value (a Tab or a click that overtakes the typed value finds
        // nothing unsaved, and the field's blur puts back the value the server still holds). Conditions, never a wait.
        var marker = editor.GetByTestId("policy-editor");
        await Expect(marker).ToHaveAttributeAsync("data-dirty", "false");

        // Nothing changed: leaving asks nothing.
        await breadcrumb.ClickAsync();
        // The address is polled, not a navigation awaited: in one full run the list was on screen while WaitForURL still
        // waited for a load event that the router's in-page navigation never fires.
        await Expect(editor).ToHaveURLAsync(ListUrl);
        // Back into the editor through the list, as a user does. (The browser's Back button re-creates the editor once
        // more a moment after it shows, which dropped what was typed in between: seen in this test's trace.)
        await editor.GetByTestId("policy-link").First.ClickAsync();
        await Expect(editor).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/policies/{policyId}$"));
        await Expect(marker).ToHaveAttributeAsync("data-dirty", "false");

        var delay = editor.GetByTestId("policy-step").Nth(1).Locator("input").First;
        await delay.FillAsync("9");
        await Expect(marker).ToHaveAttributeAsync("data-dirty", "true");
        await delay.PressAsync("Tab");
        await breadcrumb.ClickAsync();
        var dialog = editor.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("保存していない変更があります");
        await ScreenshotAsync(editor, "confirm-unsaved-policy.png");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "編集を続ける" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.EndsWith($"/policies/{policyId}", editor.Url, StringComparison.Ordinal);
        await Expect(delay).ToHaveValueAsync("9");

        // A new step waits 5 minutes; a negative delay is named, not silently turned into 0.
        await editor.GetByTestId("policy-add-step").ClickAsync();
        var added = editor.GetByTestId("policy-step").Nth(2);
        var addedDelay = added.Locator("input").First;
        await Expect(addedDelay).ToHaveValueAsync("5");
        await addedDelay.FillAsync("-3");
        await Expect(added).ToContainTextAsync("待ち時間は 0〜1440 分にしてください。");
        await addedDelay.PressAsync("Tab");
        await Expect(addedDelay).ToHaveValueAsync("-3");
        await Expect(added).ToContainTextAsync("待ち時間は 0〜1440 分にしてください。");
        await editor.GetByTestId("policy-save").ClickAsync();
        await Expect(editor.GetByTestId("policy-has-errors")).ToBeVisibleAsync();
        await Expect(addedDelay).ToHaveValueAsync("-3");
        await Expect(delay).ToHaveValueAsync("9");

        await breadcrumb.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "変更を破棄して移動" }).ClickAsync();
        await Expect(editor).ToHaveURLAsync(ListUrl);
    }

    [Fact]
    public async Task DarkMode_IsKeptAcrossAReload_AndANewSignIn()
    {
        var page = await SignInAsync("operator", TestWorld.Operator, "/board");
        await page.GetByTestId("dark-mode").ClickAsync();
        await Expect(page.GetByTestId("dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.NotEqual("rgb(255, 255, 255)", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-main-content')).backgroundColor"));
        await ScreenshotAsync(page, "board-dark.png");

        await page.GetByTestId("sign-out").ClickAsync();
        await page.SignInAsync(TestWorld.Operator, "/board");
        await Expect(page.GetByTestId("dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");

        // Kept on the server, not in one browser: another browser (no shared storage) signs in dark, and back to light.
        var other = await SignInAsync("other-browser", TestWorld.Operator, "/console");
        await Expect(other.GetByTestId("dark-mode")).ToHaveAttributeAsync("aria-pressed", "true");
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            Assert.True(await db.Users.Where(u => u.Email == TestWorld.Operator).Select(u => u.DarkMode).SingleAsync(TestContext.Current.CancellationToken));
        }
        await other.GetByTestId("dark-mode").ClickAsync();
        await Expect(other.GetByTestId("dark-mode")).ToHaveAttributeAsync("aria-pressed", "false");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("dark-mode")).ToHaveAttributeAsync("aria-pressed", "false");
    }

    [Fact]
    public async Task AlertSound_TurnedOff_IsKeptOnTheServer_AndTheTestNotificationFollowsIt()
    {
        var feed = await SignInAsync("staff", TestWorld.StaffA1, "/feed");
        await Expect(feed.GetByTestId("sound-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        await feed.GetByTestId("test-notification").ClickAsync();
        await Expect(feed.Locator(".mud-snackbar")).ToContainTextAsync("テスト通知を出しました");
        Assert.Equal((1, 1), await AlertsAndSoundsAsync(feed));

        await feed.GetByTestId("sound-toggle").ClickAsync();
        await Expect(feed.GetByTestId("sound-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
        await Eventually.ReadAsync(SoundMutedAsync, muted => muted, "the sound preference stored on the user", TestContext.Current.CancellationToken);
        await feed.ReloadAsync();
        await feed.WaitForInteractiveAsync();
        await Expect(feed.GetByTestId("sound-toggle")).ToHaveAttributeAsync("aria-pressed", "false");

        // A real urgent message alerts without a sound; so does the test.
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", "漏水", "Urgent");
        await Expect(feed.MessageCard("漏水")).ToBeVisibleAsync();
        await Eventually.ReadAsync(() => AlertsAndSoundsAsync(feed), a => a.Alerts == 1, "the urgent message alerted", TestContext.Current.CancellationToken);
        await feed.GetByTestId("test-notification").ClickAsync();
        await Eventually.ReadAsync(() => AlertsAndSoundsAsync(feed), a => a.Alerts == 2, "the test alerted", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await AlertsAndSoundsAsync(feed)).Sounds);
    }

    private static async Task<(int Alerts, int Sounds)> AlertsAndSoundsAsync(IPage page) =>
        (await page.EvaluateAsync<int>("() => window.__dashboardAlerts || 0"), await page.EvaluateAsync<int>("() => window.__dashboardSounds || 0"));

    private async Task<bool> SoundMutedAsync()
    {
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        return await db.Users.Where(u => u.Email == TestWorld.StaffA1).Select(u => u.SoundMuted).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task KeyboardFocus_OnAFilledButton_ShowsAClearOutline()
    {
        var console = await SignInAsync("operator", TestWorld.Operator, "/console");
        // The console puts focus on the client field once it is ready; only then is focus the test's to move.
        await Expect(console.GetByTestId("console-form")).ToHaveAttributeAsync("data-keyboard-ready", "true");
        await console.Field("operatorNote").FocusAsync();
        await console.Keyboard.PressAsync("Tab");
        var save = console.GetByTestId("save");
        await Expect(save).ToBeFocusedAsync();
        var outline = await save.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Equal("solid 3px", outline);
        await ScreenshotAsync(console, "focus-filled-button.png");
    }

    [Fact]
    public async Task ApiKeyForm_FindsTheClientByItsSlug_AndShowsNoEnglishRequiredAfterCreating()
    {
        var admin = await SignInAsync("admin", TestWorld.Admin, "/admin/api-keys");
        await admin.Field("key-name").FillAsync("ベータ基幹システム");
        await admin.GetByTestId("key-scope").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "クライアント企業" }).ClickAsync();
        var tenant = admin.Field("key-tenant");
        await tenant.ClickAsync();
        await tenant.PressSequentiallyAsync("beta", new LocatorPressSequentiallyOptions { Delay = 50 });
        var option = admin.Locator(".mud-popover-open .mud-list-item");
        await Expect(option).ToHaveCountAsync(1);
        await Expect(option).ToContainTextAsync("ベータ建設");
        await option.ClickAsync();
        await admin.GetByTestId("key-create").ClickAsync();
        await Expect(admin.GetByTestId("key-plain")).ToBeVisibleAsync();
        await Expect(admin.Field("key-name")).ToHaveValueAsync("");
        await Expect(admin.GetByText("Required", new PageGetByTextOptions { Exact = true })).ToHaveCountAsync(0);
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        var created = await db.ApiKeys.SingleAsync(k => k.Name == "ベータ基幹システム", TestContext.Current.CancellationToken);
        Assert.Equal(Fixture.World.TenantB.Id, created.TenantId);
    }

    [Fact]
    public async Task UnknownAddress_ShowsTheAppsNotFoundPage_WhileTheApiKeepsProblemDetails()
    {
        var page = await SignInAsync("staff", TestWorld.StaffA1, "/feed");
        var response = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "not-found.png");

        using var client = Fixture.KeyClient(TestWorld.TenantAKey);
        using var api = await client.GetAsync("/api/v1/no-such-thing", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        // A page this user may not open: the way back to their own pages, and to another account.
        await page.GotoAsync("/admin/users");
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("access-denied-user")).ToContainTextAsync("スタッフA1");
        await Expect(page.GetByTestId("access-denied-links").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "メッセージ" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "access-denied.png");
        await page.GetByTestId("access-denied-switch").ClickAsync();
        await page.WaitForURLAsync("**/Account/Login**");
    }
}
