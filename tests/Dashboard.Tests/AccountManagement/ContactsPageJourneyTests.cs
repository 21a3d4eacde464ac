using Dashboard.Features.Contacts;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.AccountManagement;

/// <summary>An account manager adds a contact in a real browser: the phone as people type it is stored in E.164, a bad one is explained.</summary>
public sealed class ContactsPageJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddContact_StoresTypedPhoneAsE164_AndABadNumberIsExplained_KeepingWhatWasTyped()
    {
        var page = await SignInAsync("manager", TestWorld.ManagerA, "/manage");
        await Expect(page.GetByTestId("tenant-link")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "manage-tenants.png");

        await page.GotoAsync("/manage/alpha-clinic/contacts");
        await page.WaitForInteractiveAsync();
        await page.Field("contact-name").FillAsync("受付 花子");
        await page.Field("contact-phone").FillAsync("090-1234-5678");
        await page.GetByTestId("contact-save").ClickAsync();

        var phone = page.GetByTestId("contact-row-phone");
        await Expect(phone).ToHaveAttributeAsync("data-e164", "+819012345678");
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            var stored = await db.Contacts.SingleAsync(c => c.TenantId == Fixture.World.TenantA.Id, Token);
            Assert.Equal(("受付 花子", "+819012345678"), (stored.Name, stored.Phone));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Contact) && a.EntityId == stored.Id.ToString() && a.ActorName == "営業A", Token));
        }

        // The test call goes through the configured channel (no Twilio here: the development outbox) and its outcome shows.
        await Expect(page.GetByTestId("last-test")).ToHaveCountAsync(0);
        await page.GetByTestId("test-PhoneCall").ClickAsync();
        await Expect(page.GetByTestId("last-test")).ToContainTextAsync("開発用送信箱");
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Twilio:AccountSid");

        await page.Field("contact-name").FillAsync("夜間 次郎");
        await page.Field("contact-phone").FillAsync("12345");
        await page.GetByTestId("contact-save").ClickAsync();

        await Expect(page.GetByTestId("contact-form")).ToContainTextAsync("電話番号として認識できません");
        await Expect(page.Field("contact-phone")).ToHaveValueAsync("12345");
        await Expect(page.GetByTestId("contact-row-name")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "manage-contacts.png");
    }
}
