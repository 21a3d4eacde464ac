using System.Globalization;
using Dashboard.Features.Contacts;
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
/// The account manager's journey: add a step to a client's policy in the editor, see it in the dry run at its minute,
/// and watch a real urgent message reach that step at the minute the policy says.
/// </summary>
public sealed class PolicyEditorJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    private const string DirectorName = "院長 三郎";
    private const string DirectorPhone = "+819077778888";

    private CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManagerAddsAOneMinuteStep_DryRunShowsIt_AndAnUrgentMessageReachesItAtItsMinute()
    {
        // Tenant A: the lead at once (phone and e-mail), the deputy after 5 minutes; and a director nobody calls yet.
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, Fixture.World.TenantA.Id, firstStepMinutes: 0, secondStepMinutes: 5);
        Guid policyId;
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            db.Contacts.Add(new Contact { TenantId = Fixture.World.TenantA.Id, Name = DirectorName, Phone = DirectorPhone, PhoneVerifiedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Token);
            policyId = (await db.EscalationPolicies.SingleAsync(p => p.TenantId == Fixture.World.TenantA.Id, Token)).Id;
        }

        var editor = await SignInAsync("manager-a", TestWorld.ManagerA, $"/manage/alpha-clinic/policies/{policyId}");
        await Expect(editor.GetByTestId("policy-step")).ToHaveCountAsync(2);

        // A third step: 1 minute, the director by phone; then moved up to run right after the first.
        await editor.GetByTestId("policy-add-step").ClickAsync();
        var added = editor.GetByTestId("policy-step").Nth(2);
        var delay = added.Locator("input[data-testid='policy-step-delay'], [data-testid='policy-step-delay'] input").First;
        await delay.FillAsync("1");
        await added.Locator(".mud-select").First.ClickAsync();
        await editor.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = DirectorName }).ClickAsync();
        await Expect(added.GetByTestId("policy-issue")).ToHaveCountAsync(0);
        await added.GetByTestId("policy-step-up").ClickAsync();
        var second = editor.GetByTestId("policy-step").Nth(1);
        await Expect(second.Locator("input[data-testid='policy-step-delay'], [data-testid='policy-step-delay'] input").First).ToHaveValueAsync("1");
        await Expect(editor.GetByTestId("policy-total")).ToHaveAttributeAsync("data-minutes", "6");

        await editor.GetByTestId("policy-save").ClickAsync();
        await Expect(editor.GetByTestId("policy-current-version")).ToHaveTextAsync("v2");
        var latest = editor.Locator("[data-testid='policy-version'][data-version='2']");
        await Expect(latest).ToContainTextAsync("営業A");
        await Expect(latest.GetByTestId("policy-diff-line").First).ToContainTextAsync("ステップ 2: 待ち時間 5 → 1 分");
        await ScreenshotAsync(editor, "policy-editor.png");

        // The dry run for an urgent message now: the new step one minute after the start.
        await editor.GotoAsync("/manage/alpha-clinic/dry-run");
        await editor.WaitForInteractiveAsync();
        var start = DateTime.ParseExact(await editor.Field("dry-run-time").InputValueAsync(), "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var directorStep = editor.Locator("[data-testid='dry-run-step'][data-round='1'][data-step='2']");
        await Expect(directorStep).ToHaveAttributeAsync("data-offset-minutes", "1");
        await Expect(directorStep.GetByTestId("dry-run-target")).ToHaveTextAsync($"{DirectorName}（電話）");
        await Expect(directorStep.GetByTestId("dry-run-step-time")).ToHaveTextAsync(start.AddMinutes(1).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture));
        await ScreenshotAsync(editor, "policy-dry-run.png");

        // A real urgent message: the first step goes out at once, and the new step is due one minute after the start.
        var messageId = await ApiMessages.PostAsync(Fixture, "alpha-clinic", "水漏れ", "Urgent");
        await Eventually.ReadAsync(() => AttemptsAsync(messageId), a => a.Count == 2 && a.All(x => x.StepIndex == 0), "the first step's two attempts", Token);
        var escalation = await Eventually.ReadAsync(() => EscalationAsync(messageId), e => e.StepIndex == 1, "the escalation to wait for step 2", Token);
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            var version2 = await db.EscalationPolicyVersions.SingleAsync(v => v.PolicyId == policyId && v.Version == 2, Token);
            Assert.Equal(version2.Id, escalation.PolicyVersionId);
        }
        Assert.Equal(escalation.StartedAt.AddMinutes(0 + 1), escalation.NextDueAt);

        // Its minute comes (brought forward, not waited for) and the sweep runs it: the director's phone rings.
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow.AddMinutes(-1)), Token);
        }
        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EscalationJobs>().SweepAsync(Token);
        }
        var attempts = await Eventually.ReadAsync(() => AttemptsAsync(messageId),
            a => a.Any(x => x.Address == DirectorPhone && x.Status == AttemptStatus.Sent), "the call to the director", Token);
        var call = attempts.Single(a => a.Address == DirectorPhone);
        Assert.Equal((NotificationChannel.PhoneCall, DirectorName, 1), (call.Channel, call.RecipientName, call.StepIndex));
        Assert.DoesNotContain(attempts, a => a.Address == TestPolicies.DeputyPhone);
    }

    private Task<List<NotificationAttempt>> AttemptsAsync(Guid messageId) => EscalationRows.AttemptsAsync(Fixture.ConnectionString, messageId);

    private async Task<MessageEscalation> EscalationAsync(Guid messageId) =>
        (await EscalationRows.EscalationAsync(Fixture.ConnectionString, messageId))!;
}
