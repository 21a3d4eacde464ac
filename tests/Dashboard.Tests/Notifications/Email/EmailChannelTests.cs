using System.Net;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using static Dashboard.Tests.Notifications.Email.EmailEscalation;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>
/// The e-mail channel against a real SMTP server: what the mail says, and what its acknowledge link does
/// (and refuses to do) when opened and when its button is pressed.
/// </summary>
public sealed class EmailChannelTests(EmailAppFixture fixture) : IClassFixture<EmailAppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Unique(string subject) => $"{subject} {Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>An urgent message for tenant A and the mail its first step sent to the person in charge.</summary>
    private async Task<(Guid MessageId, MimeMessage Mail)> UrgentMessageMailedAsync(string language = "ja")
    {
        await AddPolicyAsync(fixture, language);
        var subject = Unique("水漏れ");
        var id = await ApiMessages.PostAsync(fixture, "alpha-clinic", subject, "Urgent", "03-1234-5678");
        var mail = await fixture.Smtp.WaitForAsync(m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true);
        // The mail can arrive a moment before the attempt is recorded as sent.
        await EventuallyAsync(async () => (await AttemptsAsync(fixture, id)).All(a => a.Status == AttemptStatus.Sent));
        return (id, mail);
    }

    private Task<Message> MessageAsync(Guid id) => EmailEscalation.MessageAsync(fixture, id);

    private async Task<int> EventCountAsync(Guid id)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.MessageEvents.CountAsync(e => e.MessageId == id, Token);
    }

    [Fact]
    public async Task UrgentMessage_IsMailedInTheContactsLanguage_WithHtmlAndText_CallbackTelLink_AndAcknowledgeLink()
    {
        var (id, mail) = await UrgentMessageMailedAsync(language: "en");

        Assert.Equal(LeadAddress, mail.To.Mailboxes.Single().Address);
        Assert.Equal("電話代行 通知", mail.From.Mailboxes.Single().Name);
        Assert.StartsWith("[Urgent] ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("アルファ歯科", mail.Subject, StringComparison.Ordinal);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("Nobody has acknowledged it yet", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("まだどなたも確認していません", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:+81312345678\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("03-1234-5678", mail.HtmlBody, StringComparison.Ordinal);
        var link = AcknowledgeLink(mail);
        Assert.Equal(fixture.App.BaseAddress.Authority, link.Authority);
        Assert.Contains($"href=\"{link.AbsoluteUri}\"", mail.HtmlBody, StringComparison.Ordinal);

        // The provider reference of the attempt is the mail's Message-Id: the mail can be traced from the timeline.
        await EventuallyAsync(async () => (await AttemptsAsync(fixture, id)).Single() is { Status: AttemptStatus.Sent } sent
            && sent.ProviderReference == mail.MessageId);
    }

    [Fact]
    public async Task OpeningTheLink_ShowsTheMessageInTheRecipientsLanguage_AndChangesNothing()
    {
        var (id, mail) = await UrgentMessageMailedAsync(language: "en");
        var before = await MessageAsync(id);
        var events = await EventCountAsync(id);
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);

        // Mail scanners open every link, sometimes more than once.
        var page = await browser.GetAsync(AcknowledgeLink(mail).PathAndQuery);
        await browser.GetAsync(AcknowledgeLink(mail).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Open", page.Outcome);
        Assert.True(page.HasAcknowledgeButton);
        Assert.Contains("href=\"tel:+81312345678\"", page.Text, StringComparison.Ordinal);
        Assert.Contains("Acknowledge", page.Text, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", page.Text, StringComparison.Ordinal);
        var after = await MessageAsync(id);
        Assert.Equal(MessageStatus.New, after.Status);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(events, await EventCountAsync(id));
        Assert.Equal(AttemptStatus.Sent, (await AttemptsAsync(fixture, id)).Single().Status);
        Assert.Equal(EscalationState.Active, (await EscalationAsync(fixture, id)).State);
    }

    [Fact]
    public async Task PressingAcknowledge_AcknowledgesAsTheContact_ThroughTheEmailLink_AndNobodyElseIsContacted()
    {
        var (id, mail) = await UrgentMessageMailedAsync();
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var path = AcknowledgeLink(mail).PathAndQuery;

        var done = await browser.PostAsync(path, await browser.GetAsync(path));

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal("JustAcknowledged", done.Outcome);
        Assert.Contains("ほかの方への連絡は停止しました", done.Text, StringComparison.Ordinal);
        var message = await MessageAsync(id);
        Assert.Equal(MessageStatus.Acknowledged, message.Status);
        Assert.Equal(ChangeChannel.EmailLink, message.AcknowledgedVia);
        Assert.Equal(LeadName, message.AcknowledgedBy);
        Assert.Equal(AttemptStatus.Acknowledged, (await AttemptsAsync(fixture, id)).Single().Status);

        // The deputy's step comes due: nobody is mailed or called.
        await RunNextStepNowAsync(fixture, id);
        Assert.Equal(EscalationState.Stopped, (await EscalationAsync(fixture, id)).State);
        Assert.Single(await AttemptsAsync(fixture, id));
        Assert.Empty(fixture.Smtp.To(DeputyAddress));
    }

    [Fact]
    public async Task SecondPressOfTheSameLink_IsRefusedAsUsed_AndChangesNothing()
    {
        var (id, mail) = await UrgentMessageMailedAsync();
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var path = AcknowledgeLink(mail).PathAndQuery;
        var form = await browser.GetAsync(path);
        Assert.Equal("JustAcknowledged", (await browser.PostAsync(path, form)).Outcome);
        var events = await EventCountAsync(id);

        var again = await browser.PostAsync(path, form);

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("Used", again.Outcome);
        Assert.Contains(LeadName, again.Text, StringComparison.Ordinal);
        Assert.Equal(events, await EventCountAsync(id));
        // Opened later, the link says it was used and offers no button.
        var reopened = await browser.GetAsync(path);
        Assert.Equal("Used", reopened.Outcome);
        Assert.False(reopened.HasAcknowledgeButton);
    }

    [Fact]
    public async Task LinkOfAMessageSomebodyElseTook_SaysWhoAndWhen_AndChangesNothing()
    {
        var (id, mail) = await UrgentMessageMailedAsync();
        using (var staff = fixture.KeyClient(TestWorld.TenantAKey))
        {
            (await staff.PostAsync($"/api/v1/messages/{id}/acknowledge", null, Token)).EnsureSuccessStatusCode();
        }
        var acknowledged = await MessageAsync(id);
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var path = AcknowledgeLink(mail).PathAndQuery;

        var page = await browser.GetAsync(path);

        Assert.Equal("TakenByOther", page.Outcome);
        Assert.False(page.HasAcknowledgeButton);
        Assert.Contains(acknowledged.AcknowledgedBy!, page.Text, StringComparison.Ordinal);
        var after = await MessageAsync(id);
        Assert.Equal(ChangeChannel.Api, after.AcknowledgedVia);
        Assert.Equal(AttemptStatus.Sent, (await AttemptsAsync(fixture, id)).Single().Status);
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRejected_AndChangesNothing()
    {
        var (id, mail) = await UrgentMessageMailedAsync();
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var path = AcknowledgeLink(mail).PathAndQuery;

        var forged = await browser.PostAsync(path, await browser.GetAsync(path), withAntiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(MessageStatus.New, (await MessageAsync(id)).Status);
    }

    [Fact]
    public async Task TamperedLink_IsRefusedWithAFriendlyPage_AndChangesNothing()
    {
        var (id, mail) = await UrgentMessageMailedAsync();
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var token = TokenOf(AcknowledgeLink(mail));
        var flipped = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];
        var form = await browser.GetAsync($"/ack/{token}");

        foreach (var bad in new[] { flipped, token[..^4], "not-a-token" })
        {
            var opened = await browser.GetAsync($"/ack/{bad}");
            var pressed = await browser.PostAsync($"/ack/{bad}", form);

            Assert.Equal(HttpStatusCode.BadRequest, opened.Status);
            Assert.Equal("Invalid", opened.Outcome);
            Assert.Contains("このリンクは無効です", opened.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", opened.Text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, pressed.Status);
        }
        Assert.Equal(MessageStatus.New, (await MessageAsync(id)).Status);
    }

    [Fact]
    public async Task LinkIssuedMoreThanADayAgo_IsRefusedAsExpired_AndChangesNothing()
    {
        var (id, mail) = await UrgentMessageMailedAsync(language: "en");
        var attempt = (await AttemptsAsync(fixture, id)).Single();
        // The same keys the app uses, with a clock that says the mail went out 24 hours and a minute ago.
        var dayAgo = new FakeTimeProvider(DateTimeOffset.UtcNow - AcknowledgeTokens.Lifetime - TimeSpan.FromMinutes(1));
        var expired = new AcknowledgeTokens(fixture.App.Services.GetRequiredService<IDataProtectionProvider>(), dayAgo).Issue(attempt);
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var form = await browser.GetAsync(AcknowledgeLink(mail).PathAndQuery);

        var opened = await browser.GetAsync($"/ack/{expired}");
        var pressed = await browser.PostAsync($"/ack/{expired}", form);

        Assert.Equal(HttpStatusCode.Gone, opened.Status);
        Assert.Equal("Expired", opened.Outcome);
        Assert.Contains("This link has expired", opened.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, pressed.Status);
        Assert.Equal(MessageStatus.New, (await MessageAsync(id)).Status);
    }

    [Fact]
    public async Task LinkBoundToTenantA_CannotTouchTenantBsMessage()
    {
        var (idA, mail) = await UrgentMessageMailedAsync();
        var attemptA = (await AttemptsAsync(fixture, idA)).Single();
        var idB = await ApiMessages.PostAsync(fixture, "beta-build", Unique("ベータの伝言"), "Urgent");
        var attemptB = new NotificationAttempt
        {
            TenantId = fixture.World.TenantB.Id, MessageId = idB, RecipientName = "スタッフB", Address = TestWorld.StaffB,
            Channel = NotificationChannel.Email, Status = AttemptStatus.Sent, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.NotificationAttempts.Add(attemptB);
            await db.SaveChangesAsync(Token);
        }
        var tokens = fixture.App.Services.GetRequiredService<AcknowledgeTokens>();
        // Validly signed links whose parts do not belong together: how a bug elsewhere could mint one.
        var mixed = new[]
        {
            tokens.Issue(Copy(attemptB, tenantId: attemptA.TenantId)),
            tokens.Issue(Copy(attemptA, messageId: idB)),
            tokens.Issue(Copy(attemptA, tenantId: attemptB.TenantId, messageId: idB)),
        };
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var form = await browser.GetAsync(AcknowledgeLink(mail).PathAndQuery);

        foreach (var token in mixed)
        {
            Assert.Equal("Invalid", (await browser.GetAsync($"/ack/{token}")).Outcome);
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync($"/ack/{token}", form)).Status);
        }
        Assert.Equal(MessageStatus.New, (await MessageAsync(idB)).Status);
        Assert.Equal(MessageStatus.New, (await MessageAsync(idA)).Status);
    }

    private static NotificationAttempt Copy(NotificationAttempt attempt, Guid? tenantId = null, Guid? messageId = null) => new()
    {
        Id = attempt.Id, TenantId = tenantId ?? attempt.TenantId, MessageId = messageId ?? attempt.MessageId, ContactId = attempt.ContactId,
        RecipientName = attempt.RecipientName, Address = attempt.Address, Channel = attempt.Channel, Language = attempt.Language,
    };

    [Fact]
    public async Task MailServerDown_IsATransientFailure_AndTheAttemptIsRetriedUntilItGoesOut()
    {
        await AddPolicyAsync(fixture);
        var subject = Unique("停電");
        await fixture.Smtp.StopAsync();
        try
        {
            // The sender itself says "certainly not sent"...
            await Assert.ThrowsAsync<TransientSendException>(() => SendDirectlyAsync(LeadAddress));

            // ...so the engine puts the attempt back to pending, with the reason, for Hangfire to retry.
            var id = await ApiMessages.PostAsync(fixture, "alpha-clinic", subject, "Emergency");
            await EventuallyAsync(async () => (await AttemptsAsync(fixture, id)).SingleOrDefault() is { Status: AttemptStatus.Pending, Error: not null });
        }
        finally
        {
            await fixture.Smtp.StartAsync();
        }
        var mail = await fixture.Smtp.WaitForAsync(m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60));
        Assert.Equal(LeadAddress, mail.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task RecipientRefusedBeforeTheContent_IsRetriedWhenTemporary_AndNotWhenPermanent()
    {
        await Assert.ThrowsAsync<TransientSendException>(() => SendDirectlyAsync("busy@alpha.example"));
        var permanent = await Assert.ThrowsAnyAsync<Exception>(() => SendDirectlyAsync("nobody@alpha.example"));

        Assert.IsNotType<TransientSendException>(permanent);
        Assert.Contains("550", permanent.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Smtp.To("busy@alpha.example"));
        Assert.Empty(fixture.Smtp.To("nobody@alpha.example"));
    }

    [Fact]
    public async Task ContentDeferredAfterData_IsTransient_AndRefusedAfterData_IsRejected()
    {
        var subject = Unique("保留");
        fixture.Smtp.DeferNextMessages(1, subject);
        var deferred = await Assert.ThrowsAsync<TransientSendException>(() => SendDirectlyAsync(LeadAddress, subject));
        Assert.Contains("451", deferred.Message, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<RejectedSendException>(() => SendDirectlyAsync("spam@alpha.example", subject));
        Assert.Contains("554", refused.Message, StringComparison.Ordinal);
        // Only this test's own message counts: an earlier test's escalation may still be mailing the lead.
        Assert.DoesNotContain(fixture.Smtp.Received, m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task MessageDeferredWith451AfterData_IsRetried_AndGoesOutOnce()
    {
        await AddPolicyAsync(fixture);
        var subject = Unique("再送");
        fixture.Smtp.DeferNextMessages(1, subject);

        var id = await ApiMessages.PostAsync(fixture, "alpha-clinic", subject, "Emergency");

        await fixture.Smtp.WaitForAsync(m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(60));
        await EventuallyAsync(async () => (await AttemptsAsync(fixture, id)).SingleOrDefault() is { Status: AttemptStatus.Sent });
        Assert.Single(fixture.Smtp.Received, m => m.Subject?.Contains(subject, StringComparison.Ordinal) == true);
    }

    /// <summary>The app's e-mail channel, called as the notification job calls it, for a message that need not exist; a failed outcome is thrown as the sender raised it.</summary>
    private async Task<string> SendDirectlyAsync(string address, string subject = "件名")
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var channel = scope.ServiceProvider.GetServices<INotificationChannel>().Single(s => s.Kind == NotificationChannel.Email);
        var attempt = new NotificationAttempt
        {
            TenantId = fixture.World.TenantA.Id, RecipientName = LeadName, Address = address, Channel = NotificationChannel.Email,
        };
        var message = new MessageDto(Guid.NewGuid(), "alpha-clinic", DateTimeOffset.UtcNow, "発信者", "", "+81312345678", "", subject, "", Urgency.Urgent,
            "", "", MessageStatus.New, null, null, null, null, null, null, DateTimeOffset.UtcNow, [], null, null, null, [], []);
        var outcome = await channel.SendAsync(AlertContent.Envelope(attempt, message, fixture.World.TenantA), Token);
        return outcome switch
        {
            SendOutcome.Sent sent => sent.ProviderReference,
            SendOutcome.Transient { Error: { } error } => throw error,
            SendOutcome.Rejected { Error: { } error } => throw error,
            SendOutcome.Unknown { Error: { } error } => throw error,
            _ => throw new InvalidOperationException(outcome.Reason),
        };
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "Timed out waiting for the condition");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
