using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Tests.Notifications.Email;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Notifications.Email.EmailEscalation;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// The e-mail channel as the person in charge lives it: the alert arrives at a real SMTP server, its link opens in a
/// browser that never signed in, one press acknowledges, and from then on nobody else is mailed or called.
/// </summary>
public sealed class EmailAcknowledgeJourneyTests(EmailAppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<EmailAppFixture>
{
    private EmailAppFixture Email => (EmailAppFixture)Fixture;

    [Fact]
    public async Task UrgentMessage_EmailLinkOpenedAndAcknowledged_StopsEveryFurtherContact()
    {
        await AddPolicyAsync(Email);
        var subject = $"立体駐車場で車に鍵 {Guid.NewGuid().ToString("N")[..6]}";
        var id = await ApiMessages.PostAsync(Email, "alpha-clinic", subject, "Urgent", "090-1234-5678");

        var mail = await Email.Smtp.WaitForAsync(m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true);
        Assert.Equal(LeadAddress, mail.To.Mailboxes.Single().Address);

        // Opened from the mail, in a browser with no session at all.
        var page = await NewPageAsync("recipient");
        await page.GotoAsync(AcknowledgeLink(mail).AbsoluteUri);
        var ack = page.GetByTestId("ack-page");
        await Expect(ack).ToHaveAttributeAsync("data-outcome", "Open");
        await Expect(page.GetByTestId("subject")).ToHaveTextAsync(subject);
        await Expect(page.GetByTestId("urgency")).ToContainTextAsync("至急");
        await Expect(page.GetByTestId("callback")).ToHaveAttributeAsync("href", "tel:+819012345678");
        await Expect(page.GetByTestId("ack-button")).ToContainTextAsync("確認しました");
        await ScreenshotAsync(page, "email-acknowledge-page.png");

        await page.GetByTestId("ack-button").ClickAsync();

        await Expect(ack).ToHaveAttributeAsync("data-outcome", "JustAcknowledged");
        await Expect(page.GetByTestId("ack-outcome")).ToContainTextAsync("ほかの方への連絡は停止しました");
        await Expect(page.GetByTestId("ack-button")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "email-acknowledge-done.png");
        var message = await MessageAsync(Email, id);
        Assert.Equal((MessageStatus.Acknowledged, ChangeChannel.EmailLink, LeadName), (message.Status, message.AcknowledgedVia, message.AcknowledgedBy));

        // The deputy's step comes due, and the sweep looks for anything overdue: nobody is contacted.
        await RunNextStepNowAsync(Email, id);
        await using (var scope = Email.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EscalationJobs>().SweepAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(EscalationState.Stopped, (await EscalationAsync(Email, id)).State);
        var attempts = await AttemptsAsync(Email, id);
        Assert.Equal(AttemptStatus.Acknowledged, Assert.Single(attempts).Status);
        Assert.Empty(Email.Smtp.To(DeputyAddress));
        Assert.Single(Email.Smtp.Received, m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true);
    }
}
