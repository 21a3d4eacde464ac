using Dashboard.Features.Messages;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>The app as the local demo runs it: Development, no SMTP or Twilio, so every notification lands in the outbox.</summary>
public sealed class DevelopmentAppFixture : AppFixture
{
    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.EnvironmentName = "Development";
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The README's demo walk-through: an urgent message escalates into the development outbox, where a simulated call is
/// acknowledged with "1" and the e-mail's acknowledge link works, through the same paths the real providers use.
/// </summary>
public sealed class DevOutboxJourneyTests(DevelopmentAppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<DevelopmentAppFixture>
{
    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SimulatedCallPressOne_AndEmailLink_AcknowledgeThroughTheRealPaths()
    {
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, Fixture.World.TenantA.Id);
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, Fixture.World.TenantB.Id);
        var byPhone = await ApiMessages.PostAsync(Fixture, "alpha-clinic", $"水漏れ {Guid.NewGuid().ToString("N")[..6]}", "Urgent");
        var byEmail = await ApiMessages.PostAsync(Fixture, "alpha-clinic", $"停電 {Guid.NewGuid().ToString("N")[..6]}", "Urgent");
        await ApiMessages.PostAsync(Fixture, "beta-build", $"足場の倒壊 {Guid.NewGuid().ToString("N")[..6]}", "Emergency");

        var admin = await SignInAsync("admin", TestWorld.Admin, "/dev/outbox");
        var rows = admin.Locator("[data-testid='outbox'] tbody tr");
        // Three messages, each a call and an e-mail to its tenant's person in charge (both tenants' contacts share
        // one number here, so the once-a-minute rule lets only one call out now; the rows are there all the same).
        await Expect(rows).ToHaveCountAsync(6);

        // Press 1 on the call for the first message.
        var callRow = rows.Filter(new LocatorFilterOptions { Has = admin.GetByTestId("press-1") }).First;
        var callSubject = await callRow.Locator("a").InnerTextAsync();
        await callRow.GetByTestId("press-1").ClickAsync();
        await Expect(rows.Filter(new LocatorFilterOptions { HasText = callSubject }).Filter(new LocatorFilterOptions { HasText = "電話" })
            .GetByTestId("attempt-status")).ToHaveTextAsync("この連絡で確認");
        // The admin still sees every tenant's attempts afterwards.
        await Expect(rows).ToHaveCountAsync(6);
        await Expect(rows.Filter(new LocatorFilterOptions { HasText = "足場の倒壊" })).ToHaveCountAsync(2);
        await ScreenshotAsync(admin, "dev-outbox.png");
        var called = await MessageWithSubjectAsync(callSubject);
        Assert.Equal(MessageStatus.Acknowledged, called.Status);
        Assert.Equal(ChangeChannel.PhoneKeypress, called.AcknowledgedVia);
        Assert.Equal(TestPolicies.LeadName, called.AcknowledgedBy);

        // Open the e-mail's acknowledge link of the other tenant-A message, as the recipient would.
        var otherId = called.Id == byPhone ? byEmail : byPhone;
        var other = await MessageAsync(otherId);
        var mailRow = rows.Filter(new LocatorFilterOptions { HasText = other.Subject }).Filter(new LocatorFilterOptions { Has = admin.GetByTestId("open-ack-link") });
        var href = await mailRow.GetByTestId("open-ack-link").GetAttributeAsync("href");
        var recipient = await NewPageAsync("recipient");
        await recipient.GotoAsync(href!);
        await recipient.GetByTestId("ack-button").ClickAsync();
        await Expect(recipient.GetByTestId("ack-page")).ToHaveAttributeAsync("data-outcome", "JustAcknowledged");
        var mailed = await MessageAsync(otherId);
        Assert.Equal(ChangeChannel.EmailLink, mailed.AcknowledgedVia);
        Assert.Equal(TestPolicies.LeadName, mailed.AcknowledgedBy);
    }

    private async Task<Message> MessageAsync(Guid id)
    {
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id, Token);
    }

    private async Task<Message> MessageWithSubjectAsync(string subject)
    {
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Subject == subject, Token);
    }
}
