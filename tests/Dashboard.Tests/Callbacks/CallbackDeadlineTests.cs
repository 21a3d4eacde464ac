using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.Accounts;
using Dashboard.Features.Callbacks.Deadlines;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Phone;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Callbacks;

/// <summary>
/// Issue 12 point 3 on real PostgreSQL, the Twilio stub and a real SMTP server, with the app's clock faked: a deadline that
/// passes reminds the person who acknowledged (call and e-mail), then raises 折り返し未完了 on the board and continues the
/// policy; a reached callback or resolution ends it at every stage; "1" on the reminder snoozes once.
/// </summary>
public sealed class CallbackDeadlineTests(DeadlineFixture fixture) : IClassFixture<DeadlineFixture>, IAsyncLifetime
{
    private const string AcknowledgerName = "スタッフA1";
    private const string AcknowledgerPhone = "+819055556666";
    private static readonly TimeSpan PastDue = TimeSpan.FromSeconds(11);

    private readonly FakeTwilio twilio = new(TwilioStub.AuthToken);
    private readonly string acknowledgerEmail = $"a1-{Guid.NewGuid():N}@alpha.example";
    private Guid acknowledgerUserId;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Stub.Reset();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        acknowledgerUserId = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestWorld.StaffA1))!.Id;
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        db.Contacts.Add(new Contact
        {
            TenantId = fixture.World.TenantA.Id, Name = AcknowledgerName, Phone = AcknowledgerPhone, Email = acknowledgerEmail, UserId = acknowledgerUserId,
        });
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync()
    {
        twilio.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private async Task<Guid> PostAsync(string urgency)
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var response = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = "alpha-clinic", callerName = "山田 太郎", callerOrganization = "山田商店", callbackNumber = "03-1234-5678", subject = "水漏れ", urgency,
        }, Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();
    }

    /// <summary>An emergency message whose first step phoned and mailed the person in charge, then acknowledged by the staff member in the dashboard.</summary>
    private async Task<Guid> AcknowledgedEmergencyAsync()
    {
        await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, fixture.World.TenantA.Id, firstStepMinutes: 0, secondStepMinutes: 5);
        var id = await PostAsync("Emergency");
        await Eventually.ReadAsync(() => AttemptsAsync(id), a => a.Count == 2 && a.All(x => x.Status == AttemptStatus.Sent), "the first step", Token);
        await AcknowledgeAsync(id);
        return id;
    }

    private async Task AcknowledgeAsync(Guid id)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
        var result = await scope.ServiceProvider.GetRequiredService<MessageService>()
            .AcknowledgeAsync(id, new Actor(acknowledgerUserId, AcknowledgerName, ChangeChannel.Dashboard), Token);
        Assert.Equal(TransitionOutcome.Changed, result.Outcome);
    }

    private async Task<HttpResponseMessage> PostWithTenantKeyAsync(string path, object? body = null)
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        return body is null ? await client.PostAsync(path, null, Token) : await client.PostAsJsonAsync(path, body, Token);
    }

    private async Task RecordCallbackAsync(Guid id, string outcome)
    {
        using var response = await PostWithTenantKeyAsync($"/api/v1/messages/{id}/callbacks", new { outcome });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task ResolveAsync(Guid id)
    {
        using var response = await PostWithTenantKeyAsync($"/api/v1/messages/{id}/resolve");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Moves the app's clock on and sweeps, as every node does every few seconds.</summary>
    private async Task AdvanceAndSweepAsync(TimeSpan by)
    {
        fixture.Time.Advance(by);
        await using var scope = fixture.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CallbackDeadlineJobs>().SweepAsync(Token);
        await scope.ServiceProvider.GetRequiredService<EscalationJobs>().SweepAsync(Token);
    }

    private async Task<List<NotificationAttempt>> AttemptsAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.CreatedAt).ToListAsync(Token);
    }

    private async Task<(Message Message, CallbackDeadline? Deadline, MessageEscalation? Escalation, List<MessageEvent> Timeline)> StateAsync(Guid id)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id, Token),
            await db.CallbackDeadlines.AsNoTracking().SingleOrDefaultAsync(d => d.MessageId == id, Token),
            await db.MessageEscalations.AsNoTracking().SingleOrDefaultAsync(e => e.MessageId == id, Token),
            await db.MessageEvents.AsNoTracking().Where(e => e.MessageId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(Token));
    }

    private List<CallRequest> ReminderCalls(Guid id) =>
        [.. fixture.Stub.Requests.Where(r => r["Url"]?.Contains($"/callback-reminders/{id:D}/voice", StringComparison.Ordinal) == true)];

    private Task<Message> WaitForStageAsync(Guid id, DeadlineStage stage) =>
        Eventually.ReadAsync(async () => await StateAsync(id), s => s.Deadline?.Stage == stage, $"the deadline to be {stage}", Token).ContinueWith(t => t.Result.Message, TaskScheduler.Default);

    [Fact]
    public async Task MissedDeadline_RemindsTheAcknowledger_ThenRaisesTheBoardAlert_ThenContinuesThePolicy_InThatOrder()
    {
        var id = await AcknowledgedEmergencyAsync();
        var acknowledgedAt = Now;

        // The deadline is in the message JSON: 15 minutes after acknowledgement (the default for Emergency).
        using (var client = fixture.KeyClient(TestWorld.TenantAKey))
        {
            var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}", Token);
            Assert.Equal(acknowledgedAt.AddMinutes(15), json.GetProperty("callbackDueAt").GetDateTimeOffset());
        }

        // Not yet due: nothing happens (the policy's second step, due at 5 minutes, stopped at the acknowledgement).
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(14));
        Assert.Equal(DeadlineStage.Waiting, (await StateAsync(id)).Deadline!.Stage);
        Assert.Empty(ReminderCalls(id));
        Assert.Equal(EscalationState.Stopped, (await Eventually.ReadAsync(async () => await StateAsync(id), s => s.Escalation?.State == EscalationState.Stopped, "the acknowledged escalation to stop", Token)).Escalation!.State);

        // Due: the person who acknowledged is phoned and mailed, in their language.
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(1) + PastDue);
        var remindedAt = Now;
        await WaitForStageAsync(id, DeadlineStage.Reminded);
        var call = (await Eventually.ReadAsync(() => Task.FromResult(ReminderCalls(id)), c => c.Count == 1, "the reminder call", Token)).Single();
        Assert.Equal(AcknowledgerPhone, call["To"]);
        var mail = await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == acknowledgerEmail));
        Assert.Contains("折り返し期限超過", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("山田 太郎", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/messages/{id:D}", mail.TextBody, StringComparison.Ordinal);
        var reminded = await StateAsync(id);
        Assert.Null(reminded.Message.CallbackAlertedAt);
        Assert.Equal(2, (await AttemptsAsync(id)).Count);

        // Within the grace period after the reminder: still no board alert, no new step.
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(9));
        Assert.Equal(DeadlineStage.Reminded, (await StateAsync(id)).Deadline!.Stage);

        // Ten minutes after the reminder: 折り返し未完了 on the board, then the policy's next step (the deputy's call).
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(1) + PastDue);
        var alerted = await WaitForStageAsync(id, DeadlineStage.Alerted);
        Assert.Equal(Now, alerted.CallbackAlertedAt);
        Assert.True(alerted.CallbackAlertedAt >= remindedAt + DeadlineTimings.ReminderGrace);
        var attempts = await Eventually.ReadAsync(() => AttemptsAsync(id), a => a.Any(x => x.Address == TestPolicies.DeputyPhone && x.Status == AttemptStatus.Sent), "the deputy's call", Token);
        var deputy = attempts.Single(a => a.Address == TestPolicies.DeputyPhone);
        Assert.True(deputy.CreatedAt >= alerted.CallbackAlertedAt);
        var state = await StateAsync(id);
        Assert.Equal(EscalationState.Exhausted, state.Escalation!.State);
        Assert.NotNull(state.Escalation.ResumedAt);
        var kinds = state.Timeline.Select(e => e.Kind).Where(k => k is MessageEventKind.Acknowledged or MessageEventKind.CallbackReminded
            or MessageEventKind.CallbackOverdue or MessageEventKind.EscalationStep).ToList();
        Assert.Equal([MessageEventKind.EscalationStep, MessageEventKind.Acknowledged, MessageEventKind.CallbackReminded, MessageEventKind.CallbackOverdue,
            MessageEventKind.EscalationStep], kinds);
        Assert.Equal(AcknowledgerName, state.Timeline.Single(e => e.Kind == MessageEventKind.CallbackReminded).ActorName);

        // A reached callback now ends it: the board no longer asks (the message's deadline is no longer open).
        await RecordCallbackAsync(id, "Reached");
        var ended = await StateAsync(id);
        Assert.Equal(DeadlineStage.Ended, ended.Deadline!.Stage);
        Assert.NotNull(ended.Message.CalledBackAt);
    }

    [Fact]
    public async Task ReachedCallbackBeforeTheDeadline_StopsEverything()
    {
        var id = await AcknowledgedEmergencyAsync();

        await RecordCallbackAsync(id, "Reached");
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(30));
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(30));

        var state = await StateAsync(id);
        Assert.Equal(DeadlineStage.Ended, state.Deadline!.Stage);
        Assert.Null(state.Message.CallbackAlertedAt);
        // The deadline that applied stays on the message (the figures compare it with the callback).
        Assert.NotNull(state.Message.CallbackDueAt);
        Assert.Empty(ReminderCalls(id));
        Assert.Empty(fixture.Smtp.To(acknowledgerEmail));
        Assert.DoesNotContain(await AttemptsAsync(id), a => a.Address == TestPolicies.DeputyPhone);
    }

    [Fact]
    public async Task ResolvingAfterTheReminder_StopsTheBoardAlertAndTheNextStep()
    {
        var id = await AcknowledgedEmergencyAsync();
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(15) + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Reminded);

        await ResolveAsync(id);
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(30));

        var state = await StateAsync(id);
        Assert.Equal(DeadlineStage.Ended, state.Deadline!.Stage);
        Assert.Null(state.Message.CallbackAlertedAt);
        Assert.DoesNotContain(await AttemptsAsync(id), a => a.Address == TestPolicies.DeputyPhone);
    }

    [Fact]
    public async Task ResolvingAfterTheBoardAlert_StopsTheResumedEscalation()
    {
        // Three rounds: the resumed escalation would go on calling without the resolution.
        await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, fixture.World.TenantA.Id, firstStepMinutes: 0, secondStepMinutes: 5, repeats: 3);
        var id = await PostAsync("Emergency");
        await Eventually.ReadAsync(() => AttemptsAsync(id), a => a.Count == 2 && a.All(x => x.Status == AttemptStatus.Sent), "the first step", Token);
        await AcknowledgeAsync(id);
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(15) + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Reminded);
        await AdvanceAndSweepAsync(DeadlineTimings.ReminderGrace + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Alerted);
        await Eventually.ReadAsync(() => AttemptsAsync(id), a => a.Any(x => x.Address == TestPolicies.DeputyPhone), "the deputy's call", Token);
        Assert.Equal(EscalationState.Active, (await StateAsync(id)).Escalation!.State);

        await ResolveAsync(id);
        var count = (await AttemptsAsync(id)).Count;
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(30));

        var state = await StateAsync(id);
        Assert.Equal(DeadlineStage.Ended, state.Deadline!.Stage);
        Assert.Equal(EscalationState.Stopped, state.Escalation!.State);
        Assert.Equal(count, (await AttemptsAsync(id)).Count);
    }

    [Fact]
    public async Task PressingOneOnTheReminderCall_SnoozesTheBoardAlertOnce()
    {
        var id = await AcknowledgedEmergencyAsync();
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(15) + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Reminded);
        var call = (await Eventually.ReadAsync(() => Task.FromResult(ReminderCalls(id)), c => c.Count == 1, "the reminder call", Token)).Single();
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = TwilioStub.AccountSid, ["CallSid"] = "CA-reminder", ["From"] = TwilioStub.FromNumber, ["To"] = AcknowledgerPhone, ["CallStatus"] = "in-progress",
        };

        var voice = await twilio.PostForTwimlAsync(new Uri(call["Url"]!), fields, Token);
        Assert.Contains("山田 太郎", FakeTwilio.Spoken(voice), StringComparison.Ordinal);
        var gather = new Uri(voice.Element("Gather")!.Attribute("action")!.Value);
        var snoozedAt = Now;
        var pressed = await twilio.PostForTwimlAsync(gather, new Dictionary<string, string>(fields) { ["Digits"] = "1" }, Token);
        Assert.Contains("10 分", FakeTwilio.Spoken(pressed), StringComparison.Ordinal);
        Assert.Equal(snoozedAt + DeadlineTimings.Snooze, (await StateAsync(id)).Deadline!.NextAt);

        // Once only: a second "1" changes nothing.
        var again = await twilio.PostForTwimlAsync(gather, new Dictionary<string, string>(fields) { ["Digits"] = "1" }, Token);
        Assert.DoesNotContain("10 分", FakeTwilio.Spoken(again), StringComparison.Ordinal);
        Assert.Equal(snoozedAt + DeadlineTimings.Snooze, (await StateAsync(id)).Deadline!.NextAt);

        // The board alert waits for the snooze, then comes.
        await AdvanceAndSweepAsync(DeadlineTimings.Snooze - TimeSpan.FromSeconds(30));
        Assert.Equal(DeadlineStage.Reminded, (await StateAsync(id)).Deadline!.Stage);
        await AdvanceAndSweepAsync(TimeSpan.FromSeconds(30) + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Alerted);
    }

    [Fact]
    public async Task AnAttemptRecordedAfterTheReminder_SnoozesOnce()
    {
        var id = await AcknowledgedEmergencyAsync();
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(15) + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Reminded);

        var snoozedAt = Now;
        await RecordCallbackAsync(id, "NoAnswer");
        Assert.Equal(snoozedAt + DeadlineTimings.Snooze, (await StateAsync(id)).Deadline!.NextAt);
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(1));
        await RecordCallbackAsync(id, "Busy");
        Assert.Equal(snoozedAt + DeadlineTimings.Snooze, (await StateAsync(id)).Deadline!.NextAt);
    }

    [Fact]
    public async Task Defaults_AreFifteenMinutesForEmergency_SixtyForUrgent_AndNoneForNormal()
    {
        var emergency = await PostAsync("Emergency");
        var urgent = await PostAsync("Urgent");
        var normal = await PostAsync("Normal");
        var at = Now;
        foreach (var id in new[] { emergency, urgent, normal })
        {
            await AcknowledgeAsync(id);
        }

        Assert.Equal(at.AddMinutes(15), (await StateAsync(emergency)).Message.CallbackDueAt);
        Assert.Equal(at.AddMinutes(60), (await StateAsync(urgent)).Message.CallbackDueAt);
        Assert.Null((await StateAsync(normal)).Message.CallbackDueAt);
        Assert.Null((await StateAsync(normal)).Deadline);
    }

    [Fact]
    public async Task EditedDeadlines_ApplyToTheNextAcknowledgement_AndAnEmptyOneMeansNone()
    {
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
            var editor = scope.ServiceProvider.GetRequiredService<CallbackDeadlineSettingsEditor>();
            Assert.Contains(CallbackDeadlineSettingsEditor.EmergencyField, (await editor.SaveAsync(fixture.World.TenantA.Id, 0, 30, Token)).Keys);
            Assert.Contains(CallbackDeadlineSettingsEditor.UrgentField, (await editor.SaveAsync(fixture.World.TenantA.Id, 5, 1441, Token)).Keys);
            Assert.Empty(await editor.SaveAsync(fixture.World.TenantA.Id, 5, null, Token));
        }
        var emergency = await PostAsync("Emergency");
        var urgent = await PostAsync("Urgent");
        var at = Now;
        await AcknowledgeAsync(emergency);
        await AcknowledgeAsync(urgent);

        Assert.Equal(at.AddMinutes(5), (await StateAsync(emergency)).Message.CallbackDueAt);
        Assert.Null((await StateAsync(urgent)).Message.CallbackDueAt);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Contains(await db.AuditEntries.AsNoTracking().ToListAsync(Token), e => e.Entity.Contains(nameof(CallbackDeadlineSettings), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherTenantsSettings_AreNotThere_AndCannotBeWritten()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantB.Id);
        var editor = scope.ServiceProvider.GetRequiredService<CallbackDeadlineSettingsEditor>();
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.CallbackDeadlineSettings.Add(new CallbackDeadlineSettings { TenantId = fixture.World.TenantA.Id, EmergencyMinutes = 7 });
            await db.SaveChangesAsync(Token);
        }

        // Tenant B's scope sees the defaults, not A's row, and saving for A is refused.
        Assert.Equal(CallbackDeadlineSettings.DefaultEmergencyMinutes, (await editor.LoadAsync(fixture.World.TenantA.Id, Token)).EmergencyMinutes);
        await Assert.ThrowsAnyAsync<Exception>(() => editor.SaveAsync(fixture.World.TenantA.Id, 3, 3, Token));

        // An account manager of tenant A only: the page of tenant B is not found.
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);
        using var page = await manager.Http.GetAsync("/manage/beta-build/callback-deadlines", Token);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        using var own = await manager.Http.GetAsync("/manage/alpha-clinic/callback-deadlines", Token);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task ReminderWebhook_SignedForAnotherTenant_FindsNothing()
    {
        var id = await AcknowledgedEmergencyAsync();
        await AdvanceAndSweepAsync(TimeSpan.FromMinutes(15) + PastDue);
        await WaitForStageAsync(id, DeadlineStage.Reminded);
        var otherTenantUrl = fixture.App.Services.GetRequiredService<PublicUrls>()
            .For(Dashboard.Features.Notifications.Phone.PhoneWebhookPaths.ReminderGather(fixture.World.TenantB.Id, id));

        using var response = await twilio.PostAsync(otherTenantUrl, new Dictionary<string, string> { ["Digits"] = "1", ["To"] = AcknowledgerPhone }, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null((await StateAsync(id)).Deadline!.SnoozedAt);
    }
}
