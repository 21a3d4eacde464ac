using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Administration;

/// <summary>
/// In a real browser: a staff member is watching their feed, an Admin deactivates them on /admin/users, and the open
/// feed is gone within seconds (not at their next sign-in); signing in again says why; the audit log shows the change.
/// </summary>
public sealed class DeactivationJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    /// <summary>The AccessRevoked NOTIFY reaches the circuit in milliseconds (its safety re-check is minutes away); the rest is slack for two busy CI cores.</summary>
    private static readonly float WithinSeconds = 15_000;

    [Fact]
    public async Task AdminDeactivatesStaff_TheirOpenFeedLosesAccessWithinSeconds()
    {
        var subject = $"至急の折り返し {Guid.NewGuid().ToString("N")[..6]}";
        using (var operatorCentre = Fixture.KeyClient(TestWorld.OperatorKey))
        {
            await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, subject);
        }
        var staff = await SignInAsync("staff-a1", TestWorld.StaffA1, "/feed");
        await Expect(staff.MessageCard(subject)).ToBeVisibleAsync();

        var admin = await SignInAsync("admin", TestWorld.Admin, "/admin/users");
        var row = admin.GetByTestId("user-table").Locator("tr").Filter(new LocatorFilterOptions { HasText = TestWorld.StaffA1 });
        await row.GetByTestId("user-deactivate").ClickAsync();
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "停止" }).ClickAsync();
        await Expect(row.GetByTestId("user-inactive")).ToBeVisibleAsync();
        await ScreenshotAsync(admin, "admin-users.png");

        // The open dashboard notices on its own: no reload, no click on the staff member's side.
        await staff.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = WithinSeconds });
        await Expect(staff.GetByTestId("feed")).ToHaveCountAsync(0);
        await Expect(staff.GetByText(subject)).ToHaveCountAsync(0);

        await staff.Locator("#email").FillAsync(TestWorld.StaffA1);
        await staff.Locator("#password").FillAsync(TestWorld.Password);
        await staff.GetByTestId("login-submit").ClickAsync();
        await Expect(staff.GetByTestId("login-error")).ToContainTextAsync("停止されています");

        await admin.GotoAsync("/admin/audit");
        await admin.WaitForInteractiveAsync();
        var change = admin.Locator("[data-testid='audit-change'][data-path='IsActive']").First;
        await Expect(change).ToContainTextAsync("いいえ");
        await Expect(admin.GetByTestId("audit-entry").First).ToContainTextAsync("管理者");
        await ScreenshotAsync(admin, "admin-audit.png");
    }
}
