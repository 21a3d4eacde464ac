using Dashboard.Data;
using Dashboard.Features.AccountManagement.Tenants;
using Dashboard.Features.Callbacks.Deadlines;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>The tenants list's health figures, computed by PostgreSQL over rows with known times.</summary>
public sealed class TenantHealthQueryTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Health_CountsOpenUrgent_StaleMessages_AckPercentiles_AndExhaustedEscalations_PerTenant()
    {
        var now = DateTimeOffset.UtcNow;
        var a = fixture.World.TenantA.Id;
        var b = fixture.World.TenantB.Id;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Messages.AddRange(
                New(a, Urgency.Urgent, now.AddMinutes(-2)),
                New(a, Urgency.Emergency, now.AddMinutes(-30)),
                New(a, Urgency.Normal, now.AddMinutes(-20)),
                // Acknowledged after 1, 2, 3, 4 and 10 minutes: p50 = 3, p90 = 4 + 0.6 × 6 = 7.6 (linear interpolation).
                Acknowledged(a, Urgency.Urgent, now.AddHours(-5), 1),
                Acknowledged(a, Urgency.Emergency, now.AddHours(-4), 2),
                Acknowledged(a, Urgency.Urgent, now.AddHours(-3), 3),
                Acknowledged(a, Urgency.Urgent, now.AddHours(-2), 4),
                Acknowledged(a, Urgency.Urgent, now.AddDays(-6), 10),
                // Outside the window, or not escalating: ignored.
                Acknowledged(a, Urgency.Urgent, now.AddDays(-8), 100),
                Acknowledged(a, Urgency.Normal, now.AddHours(-1), 50),
                New(b, Urgency.Urgent, now.AddMinutes(-1)));
            await db.SaveChangesAsync(Token);
        }
        await AddEscalationAsync(b, EscalationState.Exhausted, now.AddDays(-1));
        await AddEscalationAsync(b, EscalationState.Exhausted, now.AddDays(-9));
        await AddEscalationAsync(b, EscalationState.Stopped, now.AddHours(-1));

        var all = await HealthAsync(t => t.SetSystem(), [a, b]);

        var healthA = all[a];
        Assert.Equal(2, healthA.OpenUrgent);
        // Waiting too long counts beside the open urgent ones: the emergency of 30 minutes, not the Normal one of 20.
        Assert.Equal(1, healthA.UnacknowledgedTooLong);
        Assert.Equal(3, healthA.AcknowledgeP50Minutes!.Value, precision: 3);
        Assert.Equal(7.6, healthA.AcknowledgeP90Minutes!.Value, precision: 3);
        Assert.Equal(0, healthA.ExhaustedLastWeek);
        Assert.Equal(new TenantHealth(1, 0, null, null, 1), all[b]);
    }

    [Fact]
    public async Task Health_OfATenantTheReaderMayNotSee_IsEmpty_EvenWhenAskedFor()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Messages.AddRange(New(fixture.World.TenantB.Id, Urgency.Urgent, now.AddMinutes(-30)),
                Acknowledged(fixture.World.TenantB.Id, Urgency.Urgent, now.AddHours(-1), 5));
            await db.SaveChangesAsync(Token);
        }

        var seen = await HealthAsync(t => t.SetTenants([fixture.World.TenantA.Id]), [fixture.World.TenantB.Id]);

        Assert.Equal(TenantHealth.Quiet, seen[fixture.World.TenantB.Id]);
    }

    private async Task<IReadOnlyDictionary<Guid, TenantHealth>> HealthAsync(Action<TenantContext> scopeTo, Guid[] tenantIds)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scopeTo(scope.ServiceProvider.GetRequiredService<TenantContext>());
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Token);
        return await scope.ServiceProvider.GetRequiredService<TenantHealthQuery>().ForAsync(db, tenantIds, Token);
    }

    private async Task AddEscalationAsync(Guid tenantId, EscalationState state, DateTimeOffset endedAt)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        if (!await db.EscalationPolicyVersions.AnyAsync(v => v.TenantId == tenantId, Token))
        {
            await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, tenantId);
        }
        var version = await db.EscalationPolicyVersions.FirstAsync(v => v.TenantId == tenantId, Token);
        // The message itself is long settled: only the escalation row may count.
        var message = New(tenantId, Urgency.Normal, endedAt.AddMinutes(-30));
        message.Status = MessageStatus.Resolved;
        db.Messages.Add(message);
        db.MessageEscalations.Add(new MessageEscalation
        {
            MessageId = message.Id, TenantId = tenantId, PolicyVersionId = version.Id, State = state,
            StartedAt = message.ReceivedAt, NextDueAt = endedAt, EndedAt = endedAt,
        });
        await db.SaveChangesAsync(Token);
    }

    [Fact]
    public async Task ManageList_WaitingTooLong_CountsTheUrgentOnly_AndEachFigureLinksToExactlyItsMessages()
    {
        var now = DateTimeOffset.UtcNow;
        var a = fixture.World.TenantA.Id;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Messages.AddRange(New(a, Urgency.Urgent, now.AddMinutes(-2)), New(a, Urgency.Emergency, now.AddMinutes(-30)),
                New(a, Urgency.Normal, now.AddMinutes(-20)), New(a, Urgency.Normal, now.AddMinutes(-40)));
            await db.SaveChangesAsync(Token);
        }
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var list = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await manager.Http.GetStringAsync(new Uri("/manage", UriKind.Relative), Token), Token);

        foreach (var (figure, expected) in new[] { ("open-urgent", 2), ("unacknowledged", 1) })
        {
            var cell = list.QuerySelector($"[data-testid='{figure}']")!;
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.TextContent.Trim());
            var link = cell.QuerySelector("a[data-testid='history-link']")!.GetAttribute("href")!;
            var history = System.Net.WebUtility.HtmlDecode(await manager.Http.GetStringAsync(new Uri(link, UriKind.Relative), Token));
            Assert.Matches($@"data-testid=""history-count""[^>]*>\s*{expected}件を表示", history);
        }
    }

    [Fact]
    public async Task ManageList_ExhaustedEscalations_AndOverdueCallbacks_LinkToExactlyTheirMessages()
    {
        var now = DateTimeOffset.UtcNow;
        var a = fixture.World.TenantA.Id;
        await AddEscalationAsync(a, EscalationState.Exhausted, now.AddHours(-3));
        await AddEscalationAsync(a, EscalationState.Exhausted, now.AddDays(-2));
        await AddEscalationAsync(a, EscalationState.Stopped, now.AddHours(-1));
        await AddEscalationAsync(fixture.World.TenantB.Id, EscalationState.Exhausted, now.AddHours(-2));
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            // Overdue: a running deadline in the past. Not overdue: one still ahead, one ended by a reached callback.
            foreach (var (stage, due) in new[] { (DeadlineStage.Alerted, now.AddMinutes(-20)), (DeadlineStage.Waiting, now.AddMinutes(20)), (DeadlineStage.Ended, now.AddHours(-2)) })
            {
                var message = New(a, Urgency.Urgent, now.AddHours(-4));
                message.Status = MessageStatus.Acknowledged;
                db.Messages.Add(message);
                db.CallbackDeadlines.Add(new CallbackDeadline
                {
                    MessageId = message.Id, TenantId = a, DueAt = due, NextAt = due, Stage = stage, CreatedAt = message.ReceivedAt,
                    AcknowledgedBy = "佐藤", EndedAt = stage == DeadlineStage.Ended ? due : null,
                });
            }
            await db.SaveChangesAsync(Token);
        }
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var list = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await manager.Http.GetStringAsync(new Uri("/manage", UriKind.Relative), Token), Token);

        foreach (var (figure, expected, chip) in new[] { ("exhausted", 2, "エスカレーション終了・未確認のみ"), ("callbacks-overdue", 1, "折り返し期限超過のみ") })
        {
            var cell = list.QuerySelector($"[data-testid='{figure}']")!;
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.TextContent.Trim());
            var link = cell.QuerySelector("a[data-testid='history-link']")!.GetAttribute("href")!;
            var history = System.Net.WebUtility.HtmlDecode(await manager.Http.GetStringAsync(new Uri(link, UriKind.Relative), Token));
            Assert.Matches($@"data-testid=""history-count""[^>]*>\s*{expected}件を表示", history);
            Assert.Contains(chip, history, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HistoryApi_AttentionFilter_ListsTheOverdueCallbacks_AndNamesABadValue()
    {
        var now = DateTimeOffset.UtcNow;
        var a = fixture.World.TenantA.Id;
        Guid overdueId;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var overdue = New(a, Urgency.Urgent, now.AddHours(-1));
            var plain = New(a, Urgency.Urgent, now.AddMinutes(-50));
            db.Messages.AddRange(overdue, plain);
            db.CallbackDeadlines.Add(new CallbackDeadline
            {
                MessageId = overdue.Id, TenantId = a, DueAt = now.AddMinutes(-5), NextAt = now.AddMinutes(-5), Stage = DeadlineStage.Reminded,
                CreatedAt = overdue.ReceivedAt, AcknowledgedBy = "佐藤",
            });
            await db.SaveChangesAsync(Token);
            overdueId = overdue.Id;
        }
        using var client = fixture.KeyClient(TestWorld.TenantAKey);

        var rows = await Dashboard.Tests.Messages.TestMessages.ListAsync(client, "?attention=callback-overdue");
        Assert.Equal([overdueId], rows.Select(r => r.Id));

        using var bad = await client.GetAsync(new Uri("/api/v1/messages?attention=late", UriKind.Relative), Token);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("attention", await bad.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    private static Message New(Guid tenantId, Urgency urgency, DateTimeOffset receivedAt) => new()
    {
        TenantId = tenantId, CallerName = "山田", CallbackNumber = "+81312345678", Subject = "用件", Urgency = urgency,
        ReceivedAt = receivedAt, UpdatedAt = receivedAt, Status = MessageStatus.New,
    };

    private static Message Acknowledged(Guid tenantId, Urgency urgency, DateTimeOffset receivedAt, int afterMinutes)
    {
        var message = New(tenantId, urgency, receivedAt);
        message.Status = MessageStatus.Acknowledged;
        message.AcknowledgedAt = receivedAt.AddMinutes(afterMinutes);
        return message;
    }
}
