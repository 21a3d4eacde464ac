using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Escalation;

public sealed class EscalationEngineTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Tenant A: step 1 at once (phone and e-mail to the person in charge), step 2 after <paramref name="secondStepMinutes"/>.</summary>
    private Task AddPolicyAsync(int firstStepMinutes = 0, int secondStepMinutes = 5) =>
        TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, fixture.World.TenantA.Id, firstStepMinutes, secondStepMinutes);

    private async Task<Guid> PostAsync(string urgency)
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var response = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = "alpha-clinic", callerName = "発信者", callbackNumber = "03-1234-5678", subject = "水漏れ", urgency,
        }, Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();
    }

    private async Task<List<NotificationAttempt>> AttemptsAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.CreatedAt).ToListAsync(Token);
    }

    private async Task<MessageEscalation?> EscalationAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.MessageEscalations.AsNoTracking().FirstOrDefaultAsync(e => e.MessageId == messageId, Token);
    }

    private Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        Eventually.ReadAsync(read, done, what, Token);

    private async Task RunStepAsync(Guid messageId, int sequence)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EscalationJobs>().RunStepAsync(fixture.World.TenantA.Id, messageId, sequence, Token);
    }

    [Fact]
    public async Task EmergencyMessage_ContactsTheFirstStepAtOnce_OnEveryChannel()
    {
        await AddPolicyAsync();

        var id = await PostAsync("Emergency");

        var attempts = await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 2 && a.All(x => x.Status == AttemptStatus.Sent), "two sent attempts");
        Assert.Equal([TestPolicies.LeadPhone, TestPolicies.LeadEmail], attempts.Select(a => a.Address).Order());
        var escalation = await EscalationAsync(id);
        Assert.Equal(EscalationState.Active, escalation!.State);
        Assert.Equal(1, escalation.StepIndex);
    }

    [Fact]
    public async Task SecondCallToTheSameNumber_WaitsForTheMinute_WhenTwoMessagesEscalateAtOnce()
    {
        await AddPolicyAsync();

        var first = await PostAsync("Emergency");
        var firstCall = (await EventuallyAsync(() => AttemptsAsync(first), a => a.Any(x => x.Channel == NotificationChannel.PhoneCall && x.Status == AttemptStatus.Sent), "the first call"))
            .Single(a => a.Channel == NotificationChannel.PhoneCall);
        var second = await PostAsync("Emergency");

        var secondCall = (await EventuallyAsync(() => AttemptsAsync(second),
            a => a.Any(x => x.Channel == NotificationChannel.PhoneCall && x.Error is not null), "the second call to be paced"))
            .Single(a => a.Channel == NotificationChannel.PhoneCall);
        Assert.Equal(AttemptStatus.Pending, secondCall.Status);
        Assert.Null(secondCall.SentAt);
        Assert.Contains("less than a minute ago", secondCall.Error, StringComparison.Ordinal);
        // The e-mail of the same step is not held back: only calls are paced.
        await EventuallyAsync(() => AttemptsAsync(second), a => a.Any(x => x.Channel == NotificationChannel.Email && x.Status == AttemptStatus.Sent), "the second e-mail");
        Assert.NotNull(firstCall.SentAt);
    }

    [Fact]
    public async Task CallCancelledBecauseItsMessageWasAcknowledged_DoesNotDelayTheNextCallToTheNumber()
    {
        // A call that was claimed and then found its message acknowledged: never placed.
        var acknowledged = await PostAsync("Normal");
        using (var client = fixture.KeyClient(TestWorld.TenantAKey))
        {
            (await client.PostAsync($"/api/v1/messages/{acknowledged}/acknowledge", null, Token)).EnsureSuccessStatusCode();
        }
        var cancelled = new NotificationAttempt
        {
            TenantId = fixture.World.TenantA.Id, MessageId = acknowledged, Address = TestPolicies.LeadPhone, Channel = NotificationChannel.PhoneCall,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.NotificationAttempts.Add(cancelled);
            await db.SaveChangesAsync(Token);
        }
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NotificationJobs>().SendAsync(fixture.World.TenantA.Id, cancelled.Id, Token);
        }
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var stored = await db.NotificationAttempts.AsNoTracking().SingleAsync(a => a.Id == cancelled.Id, Token);
            Assert.Equal(AttemptStatus.Cancelled, stored.Status);
            Assert.Null(stored.SentAt);
        }

        await AddPolicyAsync();
        var emergency = await PostAsync("Emergency");

        var call = (await EventuallyAsync(() => AttemptsAsync(emergency),
            a => a.Any(x => x.Channel == NotificationChannel.PhoneCall && (x.Status == AttemptStatus.Sent || x.Error is not null)), "the emergency call"))
            .Single(a => a.Channel == NotificationChannel.PhoneCall);
        Assert.Equal(AttemptStatus.Sent, call.Status);
        Assert.Null(call.Error);
    }

    [Fact]
    public async Task NormalMessage_DoesNotEscalate()
    {
        await AddPolicyAsync();

        var id = await PostAsync("Normal");

        Assert.Null(await EscalationAsync(id));
    }

    [Fact]
    public async Task Acknowledge_StopsEscalation_WhenStepIsPending()
    {
        await AddPolicyAsync(firstStepMinutes: 0, secondStepMinutes: 5);
        var id = await PostAsync("Urgent");
        await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 2, "the first step");
        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        (await client.PostAsync($"/api/v1/messages/{id}/acknowledge", null, Token)).EnsureSuccessStatusCode();
        var pending = await EscalationAsync(id);

        // The second step's wake-up fires (early, as if its time had come): it must contact nobody.
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow), Token);
        }
        await RunStepAsync(id, pending!.Sequence);

        Assert.Equal(2, (await AttemptsAsync(id)).Count);
        Assert.Equal(EscalationState.Stopped, (await EscalationAsync(id))!.State);
    }

    [Fact]
    public async Task StaleWakeUp_DoesNothing()
    {
        await AddPolicyAsync(firstStepMinutes: 0, secondStepMinutes: 5);
        var id = await PostAsync("Urgent");
        await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 2, "the first step");

        await RunStepAsync(id, sequence: 1); // the first step's job, run a second time

        Assert.Equal(2, (await AttemptsAsync(id)).Count);
    }

    [Fact]
    public async Task LostWakeUp_IsRunByTheSweep()
    {
        await AddPolicyAsync(firstStepMinutes: 0, secondStepMinutes: 5);
        var id = await PostAsync("Urgent");
        await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 2, "the first step");
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow.AddMinutes(-2)), Token);
        }

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EscalationJobs>().SweepAsync(Token);
        }

        var attempts = await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 3, "the second step");
        Assert.Equal(TestPolicies.DeputyPhone, attempts[^1].Address);
        Assert.Equal(EscalationState.Exhausted, (await EscalationAsync(id))!.State);
    }

    /// <summary>An attempt as a failed try leaves it when its retry is lost: pending, not placed, the try's reason, 20 s old.</summary>
    private async Task LeavePendingAfterAFailedTryAsync(Guid messageId, NotificationChannel channel, string error)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        await db.NotificationAttempts.Where(a => a.MessageId == messageId && a.Channel == channel)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AttemptStatus.Pending).SetProperty(a => a.SentAt, (DateTimeOffset?)null)
                .SetProperty(a => a.Error, error).SetProperty(a => a.UpdatedAt, DateTimeOffset.UtcNow.AddSeconds(-20)), Token);
    }

    private async Task SweepAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EscalationJobs>().SweepAsync(Token);
    }

    [Fact]
    public async Task EmailLeftPendingByAFailedTry_WhoseRetryWasLost_IsSentByTheSweep()
    {
        await AddPolicyAsync(firstStepMinutes: 0, secondStepMinutes: 5);
        var id = await PostAsync("Urgent");
        await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 2 && a.All(x => x.Status == AttemptStatus.Sent), "the first step");
        // As a mail server away for longer than Hangfire's retries leaves it.
        await LeavePendingAfterAFailedTryAsync(id, NotificationChannel.Email, "SMTP server not reachable");

        await SweepAsync();

        // E-mail rests no address, so its error is a failed try, not a wait: it goes out now, not a minute later.
        await EventuallyAsync(() => AttemptsAsync(id), a => a.Single(x => x.Channel == NotificationChannel.Email).Status == AttemptStatus.Sent, "the e-mail to be sent again");
    }

    [Fact]
    public async Task PhoneCallLeftPendingByAFailedTry_WhoseRetryWasLost_IsSentByTheSweep_WithoutWaitingAMinute()
    {
        await AddPolicyAsync(firstStepMinutes: 0, secondStepMinutes: 5);
        var id = await PostAsync("Urgent");
        await EventuallyAsync(() => AttemptsAsync(id), a => a.Count == 2 && a.All(x => x.Status == AttemptStatus.Sent), "the first step");
        // As a Twilio 503 leaves it when the node retrying it dies.
        await LeavePendingAfterAFailedTryAsync(id, NotificationChannel.PhoneCall, "Twilio answered 503");

        await SweepAsync();

        // Nobody was called on that number in the last minute, so nothing holds it back: the call goes now, not 70 s on.
        var call = (await EventuallyAsync(() => AttemptsAsync(id), a => a.Single(x => x.Channel == NotificationChannel.PhoneCall).Status == AttemptStatus.Sent,
            "the call to be placed again")).Single(a => a.Channel == NotificationChannel.PhoneCall);
        Assert.NotNull(call.SentAt);
    }

    [Fact]
    public async Task AcknowledgementRacingADueStep_NeverLetsAContactFollowIt()
    {
        await AddPolicyAsync(firstStepMinutes: 1, secondStepMinutes: 1);
        using var staff = fixture.KeyClient(TestWorld.TenantAKey);
        for (var i = 0; i < 15; i++)
        {
            var id = await PostAsync("Emergency");
            await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
            {
                // A new number each round, so one number's once-a-minute pacing does not hold the calls back.
                var phone = string.Create(CultureInfo.InvariantCulture, $"+8190111122{i:00}");
                await db.Contacts.Where(c => c.Name == TestPolicies.LeadName).ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, phone), Token);
                await db.MessageEscalations.Where(e => e.MessageId == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow), Token);
            }

            await Task.WhenAll(RunStepAsync(id, sequence: 1), staff.PostAsync($"/api/v1/messages/{id}/acknowledge", null, Token));

            var attempts = await EventuallyAsync(() => AttemptsAsync(id),
                a => a.All(x => x.Status is not AttemptStatus.Pending and not AttemptStatus.Sending), "attempts to settle");
            await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
            var acknowledgedAt = (await check.Messages.AsNoTracking().FirstAsync(m => m.Id == id, Token)).AcknowledgedAt!.Value;
            Assert.All(attempts.Where(a => a.Status == AttemptStatus.Sent), a => Assert.True(a.UpdatedAt <= acknowledgedAt,
                $"attempt sent at {a.UpdatedAt:O} after the acknowledgement at {acknowledgedAt:O}"));
        }
    }

    [Fact]
    public async Task PhoneKeypressOne_AcknowledgesThroughThePhoneChannel_AndSaysWho()
    {
        await AddPolicyAsync();
        var id = await PostAsync("Emergency");
        var call = (await EventuallyAsync(() => AttemptsAsync(id), a => a.Count(x => x.Status == AttemptStatus.Sent) == 2, "the first step"))
            .Single(a => a.Channel == NotificationChannel.PhoneCall);

        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<Dashboard.Features.Tenancy.TenantContext>().SetSystem();
            var phone = scope.ServiceProvider.GetServices<Dashboard.Features.Notifications.INotificationReplyHandler>()
                .For(Dashboard.Features.Notifications.ReplyMeaning.Acknowledge);
            var path = new Dashboard.Features.Notifications.ReplyPath(Dashboard.Features.Notifications.ReplyMeaning.Acknowledge, call.TenantId, call.Id, id);
            var answered = new Dashboard.Features.Notifications.DeliveryReport(NotificationChannel.PhoneCall, Dashboard.Features.Notifications.DeliveryEvent.Answered);
            Assert.True(await phone.ReportAsync(path, answered, Token));
            Assert.Equal(Dashboard.Features.Notifications.ReplyOutcome.Done, (await phone.ReplyAsync(path, NotificationChannel.PhoneCall, call.Address, Token)).Outcome);
            // A repeated callback changes nothing, and says who took it.
            Assert.Equal(new Dashboard.Features.Notifications.ReplyResult(Dashboard.Features.Notifications.ReplyOutcome.AlreadyDone, "担当 一郎"),
                await phone.ReplyAsync(path, NotificationChannel.PhoneCall, call.Address, Token));
        }

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var message = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == id, Token);
        Assert.Equal(Dashboard.Features.Messages.MessageStatus.Acknowledged, message.Status);
        Assert.Equal(Dashboard.Features.Messages.ChangeChannel.PhoneKeypress, message.AcknowledgedVia);
        Assert.Equal("担当 一郎", message.AcknowledgedBy);
        Assert.Equal(AttemptStatus.Acknowledged, (await AttemptsAsync(id)).Single(a => a.Id == call.Id).Status);
        Assert.Equal(1, await db.MessageEvents.CountAsync(e => e.MessageId == id && e.Kind == Dashboard.Features.Messages.MessageEventKind.Acknowledged, Token));
    }

    [Fact]
    public void Advance_MovesThroughStepsAndRounds_ThenExhausts()
    {
        var version = new EscalationPolicyVersion
        {
            Repeats = 2,
            Steps = [new() { DelayMinutes = 0 }, new() { DelayMinutes = 5 }],
        };
        var start = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);
        var escalation = new MessageEscalation { NextDueAt = start, Sequence = 1 };

        var seen = new List<(int, int, double)>();
        while (escalation.State == EscalationState.Active)
        {
            seen.Add((escalation.Round, escalation.StepIndex, (escalation.NextDueAt - start).TotalMinutes));
            EscalationJobs.Advance(escalation, version, start);
        }

        Assert.Equal([(0, 0, 0d), (0, 1, 5d), (1, 0, 5d), (1, 1, 10d)], seen);
        Assert.Equal(EscalationState.Exhausted, escalation.State);
        Assert.Equal(5, escalation.Sequence);
    }

    private async Task<Dictionary<Guid, EscalationOutlook>> OutlooksAsync(Guid tenantId, params Guid[] messageIds)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Dashboard.Features.Tenancy.TenantContext>().SetTenant(tenantId);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Dashboard.Data.AppDbContext>>().CreateDbContextAsync(Token);
        return await EscalationOutlook.LoadAsync(db, messageIds, Token);
    }

    [Fact]
    public async Task Outlook_NamesTheNextStepsContact_ListsTheAttempts_AndIsHiddenFromAnotherTenant()
    {
        await AddPolicyAsync();
        var escalating = await PostAsync("Emergency");
        var quiet = await PostAsync("Normal");
        await EventuallyAsync(() => AttemptsAsync(escalating), a => a.Count == 2 && a.All(x => x.Status == AttemptStatus.Sent), "the first step sent");

        var outlooks = await OutlooksAsync(fixture.World.TenantA.Id, escalating, quiet);

        var outlook = Assert.Single(outlooks).Value;
        Assert.Equal(escalating, outlook.MessageId);
        Assert.Equal(EscalationState.Active, outlook.State);
        Assert.Equal((2, 2), (outlook.StepNumber, outlook.StepCount));
        var next = Assert.Single(outlook.NextTargets);
        Assert.Equal((TestPolicies.DeputyName, NotificationChannel.PhoneCall, false), (next.Name, next.Channel, next.AllStaff));
        Assert.Equal([TestPolicies.LeadPhone, TestPolicies.LeadEmail], outlook.Attempts.Select(a => a.Address).Order());
        Assert.Empty(await OutlooksAsync(fixture.World.TenantB.Id, escalating, quiet));
    }
}
