using System.Text.RegularExpressions;
using Dashboard.Features.Audit;
using Dashboard.Features.Contacts;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// A staff member owns the contact escalation reaches them through: /me shows the number and e-mail actually used, under
/// which name, in which language; they change them there (validated and audited) and verify them with a real test e-mail.
/// </summary>
public sealed partial class MeJourneyTests(EmailAppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<EmailAppFixture>
{
    private EmailAppFixture Email => (EmailAppFixture)Fixture;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Me_ShowsTheContactEscalationUses_EditsItWithValidation_AndVerifiesTheEmailThere()
    {
        var address = $"a1-{Guid.NewGuid():N}@alpha.example";
        Guid staffId, contactId;
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            staffId = (await db.Users.SingleAsync(u => u.Email == TestWorld.StaffA1, Token)).Id;
            var contact = new Contact { TenantId = Fixture.World.TenantA.Id, Name = "担当 A1（受付）", Email = address, Phone = "+819011110001", Language = "en", UserId = staffId };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(Token);
            contactId = contact.Id;
        }

        var me = await SignInAsync("staff", TestWorld.StaffA1, "/me");
        await Expect(me.Field("contact-phone")).ToHaveValueAsync("090-1111-0001");
        await Expect(me.Field("contact-email")).ToHaveValueAsync(address);
        await ExpectLanguageAsync(me, "English");
        await Expect(me.GetByTestId("me-called-as")).ToContainTextAsync("担当 A1（受付）");
        await Expect(me.GetByTestId("me-dashboard-name")).ToContainTextAsync("スタッフA1");
        await Expect(me.GetByTestId("me-email").GetByTestId("unverified")).ToBeVisibleAsync();
        await ScreenshotAsync(me, "me-staff.png");

        // A wrong number is named next to the field, and nothing is stored.
        await me.Field("contact-phone").FillAsync("12-ab");
        await me.GetByTestId("me-save").ClickAsync();
        await Expect(me.GetByText("電話番号として認識できません", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
        Assert.Equal("+819011110001", (await ContactAsync(contactId)).Phone);

        await me.Field("contact-phone").FillAsync("080-2222-3333");
        await me.GetByTestId("me-save").ClickAsync();
        await Expect(me.GetByTestId("me-phone-number")).ToHaveAttributeAsync("data-e164", "+818022223333");
        Assert.Equal("+818022223333", (await ContactAsync(contactId)).Phone);
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Contact) && a.EntityId == contactId.ToString()
                && a.Action == AuditAction.Updated && a.ActorUserId == staffId, Token), "the change is audited with the staff member as actor");
        }

        // The test e-mail arrives; its button, pressed in a browser that never signed in, verifies the address on /me.
        await me.GetByTestId("me-email").GetByTestId("test-Email").ClickAsync();
        var mail = await Email.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == address));
        var inbox = await NewPageAsync("inbox");
        await inbox.GotoAsync(VerifyLink().Match(mail.TextBody ?? "").Value);
        await inbox.GetByTestId("verify-button").ClickAsync();
        await Expect(inbox.GetByTestId("verify-page")).ToHaveAttributeAsync("data-outcome", "JustVerified");
        await me.ReloadAsync();
        await me.WaitForInteractiveAsync();
        await Expect(me.GetByTestId("me-email").GetByTestId("verified")).ToBeVisibleAsync();
        await Expect(me.GetByTestId("me-phone").GetByTestId("unverified")).ToBeVisibleAsync();
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == ContactTester.AuditEntity && a.EntityId == contactId.ToString() && a.ActorUserId == staffId, Token),
                "the test is recorded with the staff member who sent it");
        }
    }

    [Fact]
    public async Task Me_WithoutAContactYet_SaysSo_AndProposesTheDashboardLanguage()
    {
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            var user = await db.Users.SingleAsync(u => u.Email == TestWorld.StaffA1, Token);
            user.PreferredCulture = "en";
            await db.SaveChangesAsync(Token);
        }
        var me = await SignInAsync("staff", TestWorld.StaffA1, "/me");
        await Expect(me.GetByTestId("me-no-contact")).ToBeVisibleAsync();
        await ExpectLanguageAsync(me, "English");
        await Expect(me.Field("contact-email")).ToHaveValueAsync(TestWorld.StaffA1);
    }

    /// <summary>A MudSelect shows its choice as text, not in an input.</summary>
    private static async Task ExpectLanguageAsync(IPage page, string language)
    {
        var select = page.GetByTestId("contact-language");
        var html = await select.EvaluateAsync<string>("e => e.closest('.mud-select')?.outerHTML ?? e.outerHTML");
        Assert.True(html.Contains(language, StringComparison.Ordinal), $"the language field shows {language}: {html}");
    }

    private async Task<Contact> ContactAsync(Guid id)
    {
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        return await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == id, Token);
    }

    [GeneratedRegex(@"https?://\S+/verify/[A-Za-z0-9_-]+")]
    private static partial Regex VerifyLink();
}
