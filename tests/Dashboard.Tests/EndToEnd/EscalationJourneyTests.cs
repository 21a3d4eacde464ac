using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// What people watching see of an escalation, live: the countdown and who is next on the feed, every attempt and its
/// outcome on the timeline, and the operators' "call the caller back" alert once every step has run out.
/// </summary>
public sealed class EscalationJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnacknowledgedUrgentMessage_ShowsCountdownAndAttempts_ThenRaisesExhaustedAlertOnTheBoard()
    {
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, Fixture.World.TenantA.Id, firstStepMinutes: 0, secondStepMinutes: 5);
        var feed = await SignInAsync("staff-a1", TestWorld.StaffA1, "/feed");
        var board = await SignInAsync("operator", TestWorld.Operator, "/board");
        var subject = $"水漏れ {Guid.NewGuid().ToString("N")[..6]}";

        var id = await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Urgent", "03-1234-5678");

        // The feed counts down to the second step and names who it will call.
        var card = feed.MessageCard(subject);
        await Expect(card.GetByTestId("escalation-next-targets")).ToHaveTextAsync($"{TestPolicies.DeputyName}（電話）");
        await Expect(card.GetByTestId("escalation-remaining")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"次の連絡まで 4:[0-5]\d"));
        await Expect(card.GetByTestId("escalation-countdown")).ToContainTextAsync("ステップ 2/2");
        await ScreenshotAsync(feed, "escalation-feed-countdown.png");

        // The timeline shows the first step's two attempts; an outcome arriving later shows up without a reload.
        var detail = await SignInAsync("staff-a1-detail", TestWorld.StaffA1, $"/messages/{id}");
        var attempts = detail.GetByTestId("timeline-attempt");
        await Expect(attempts).ToHaveCountAsync(2);
        await Expect(attempts.Filter(new LocatorFilterOptions { HasText = "電話" })).ToHaveAttributeAsync("data-status", "Sent");
        var call = (await AttemptsAsync(id)).Single(a => a.Channel == NotificationChannel.PhoneCall);
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            // As the provider's status callback does: acting for the attempt's tenant.
            scope.ServiceProvider.GetRequiredService<Dashboard.Features.Tenancy.TenantContext>().SetTenant(Fixture.World.TenantA.Id);
            Assert.True(await scope.ServiceProvider.GetRequiredService<AttemptOutcomes>()
                .MoveAsync(call.Id, AttemptOutcomes.AfterSending, AttemptStatus.NoAnswer, null, Token));
        }
        var callLine = detail.Locator($"[data-attempt-id='{call.Id}']");
        await Expect(callLine).ToHaveAttributeAsync("data-status", "NoAnswer");
        await Expect(callLine).ToContainTextAsync("応答なし");

        // The second step comes due (brought forward rather than waited for) and is the last: exhausted.
        var escalation = await EscalationAsync(id);
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow), Token);
        }
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EscalationJobs>().RunStepAsync(Fixture.World.TenantA.Id, id, escalation.Sequence, Token);
        }

        var alert = board.Locator($"[data-testid='board-exhausted'][data-message-id='{id}']");
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert.GetByTestId("exhausted-caller")).ToHaveTextAsync("山田 花子");
        await Expect(alert.GetByTestId("exhausted-callback")).ToHaveAttributeAsync("href", "tel:+81312345678");
        await Expect(alert.GetByTestId("exhausted-attempt")).ToHaveCountAsync(3);
        await Expect(alert.GetByTestId("exhausted-attempts")).ToContainTextAsync(TestPolicies.DeputyName);
        await Expect(card.GetByTestId("escalation-exhausted")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("escalation-countdown")).ToHaveCountAsync(0);
        await Expect(attempts).ToHaveCountAsync(3);
        await ScreenshotAsync(board, "escalation-board-exhausted.png");

        // Somebody finally takes it: the alert leaves the board at once.
        await card.GetByTestId("acknowledge").ClickAsync();
        await Expect(alert).ToHaveCountAsync(0);
        await Expect(card.GetByTestId("escalation-exhausted")).ToHaveCountAsync(0);
    }

    private async Task<List<NotificationAttempt>> AttemptsAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).ToListAsync(Token);
    }

    private async Task<MessageEscalation> EscalationAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString);
        return await db.MessageEscalations.AsNoTracking().SingleAsync(e => e.MessageId == messageId, Token);
    }
}
