using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.AccountManagement.Tenants;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>
/// Time to callback per urgency and callback outcomes (issue 12 point 4) on real PostgreSQL against hand-computed
/// figures; the same in GET /api/v1/tenants/{tenant}/figures, tenant-isolated; the /manage figures link to /history.
/// </summary>
public sealed class TenantCallbackFiguresTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Tenant A: emergencies called back after 2, 4, 6, 8 and 20 minutes (p50 6, p90 8 + 0.6 × 12 = 15.2); one urgent after
    /// 30 minutes (p50 = p90 = 30); normal: none called back (one only tried). Outside the window: ignored. Attempts in the
    /// window: 6 reached, 3 no answer, 1 busy, 0 wrong number. Tenant B: one reached callback after 1 minute.
    /// </summary>
    private async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var a = fixture.World.TenantA.Id;
        var b = fixture.World.TenantB.Id;
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var hour = 1;
        void CalledBack(Guid tenant, Urgency urgency, int afterMinutes, params CallbackOutcome[] before)
        {
            var received = now.AddHours(-hour++);
            var message = Message(tenant, urgency, received);
            var at = received;
            foreach (var outcome in before)
            {
                at = at.AddMinutes(1);
                db.Callbacks.Add(Attempt(message, outcome, at));
            }
            message.CalledBackAt = received.AddMinutes(afterMinutes);
            db.Callbacks.Add(Attempt(message, CallbackOutcome.Reached, message.CalledBackAt.Value));
            db.Messages.Add(message);
        }
        CalledBack(a, Urgency.Emergency, 2);
        CalledBack(a, Urgency.Emergency, 4, CallbackOutcome.NoAnswer);
        CalledBack(a, Urgency.Emergency, 6);
        CalledBack(a, Urgency.Emergency, 8, CallbackOutcome.Busy, CallbackOutcome.NoAnswer);
        CalledBack(a, Urgency.Emergency, 20);
        CalledBack(a, Urgency.Urgent, 30);
        var tried = Message(a, Urgency.Normal, now.AddHours(-2));
        db.Messages.Add(tried);
        db.Callbacks.Add(Attempt(tried, CallbackOutcome.NoAnswer, tried.ReceivedAt.AddMinutes(5)));
        var old = Message(a, Urgency.Emergency, now.AddDays(-8));
        old.CalledBackAt = old.ReceivedAt.AddMinutes(500);
        db.Messages.Add(old);
        db.Callbacks.Add(Attempt(old, CallbackOutcome.WrongNumber, now.AddDays(-8)));
        CalledBack(b, Urgency.Normal, 1);
        await db.SaveChangesAsync(Token);
    }

    [Fact]
    public async Task TimeToCallback_PerUrgency_AndOutcomes_MatchTheHandComputedFigures_PerTenant()
    {
        await SeedAsync();

        var all = await FiguresAsync(t => t.SetSystem(), [fixture.World.TenantA.Id, fixture.World.TenantB.Id]);

        var a = all[fixture.World.TenantA.Id].Callbacks;
        Assert.Equal(5, a.Emergency.CalledBack);
        Assert.Equal(6, a.Emergency.P50Minutes!.Value, precision: 3);
        Assert.Equal(15.2, a.Emergency.P90Minutes!.Value, precision: 3);
        Assert.Equal(new CallbackTimes(1, 30, 30), a.Urgent with { P50Minutes = Math.Round(a.Urgent.P50Minutes!.Value, 3), P90Minutes = Math.Round(a.Urgent.P90Minutes!.Value, 3) });
        Assert.Equal(CallbackTimes.None, a.Normal);
        Assert.Equal(new CallbackOutcomes(6, 3, 1, 0), a.Outcomes);

        var b = all[fixture.World.TenantB.Id].Callbacks;
        Assert.Equal(1, b.Normal.CalledBack);
        Assert.Equal(new CallbackOutcomes(1, 0, 0, 0), b.Outcomes);
    }

    /// <summary>
    /// Overdue is a figure of now: tenant A has two running deadlines past due (one reminded, one already on the board),
    /// one not yet due and one past due but ended (called back); tenant B one past due. A manager of A sees only A's.
    /// </summary>
    [Fact]
    public async Task CallbacksOverdue_CountsRunningDeadlinesPastDue_PerTenant_AndInTheApi()
    {
        var now = DateTimeOffset.UtcNow;
        var a = fixture.World.TenantA.Id;
        var b = fixture.World.TenantB.Id;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            void Deadline(Guid tenant, Dashboard.Features.Callbacks.Deadlines.DeadlineStage stage, int dueInMinutes)
            {
                var message = Message(tenant, Urgency.Emergency, now.AddHours(-1));
                message.CallbackDueAt = now.AddMinutes(dueInMinutes);
                db.Messages.Add(message);
                db.CallbackDeadlines.Add(new Dashboard.Features.Callbacks.Deadlines.CallbackDeadline
                {
                    MessageId = message.Id, TenantId = tenant, DueAt = message.CallbackDueAt.Value, NextAt = message.CallbackDueAt.Value,
                    Stage = stage, CreatedAt = now.AddHours(-1), EndedAt = stage == Dashboard.Features.Callbacks.Deadlines.DeadlineStage.Ended ? now : null,
                });
            }
            Deadline(a, Dashboard.Features.Callbacks.Deadlines.DeadlineStage.Reminded, -5);
            Deadline(a, Dashboard.Features.Callbacks.Deadlines.DeadlineStage.Alerted, -30);
            Deadline(a, Dashboard.Features.Callbacks.Deadlines.DeadlineStage.Waiting, 10);
            Deadline(a, Dashboard.Features.Callbacks.Deadlines.DeadlineStage.Ended, -20);
            Deadline(b, Dashboard.Features.Callbacks.Deadlines.DeadlineStage.Reminded, -1);
            await db.SaveChangesAsync(Token);
        }

        var all = await FiguresAsync(t => t.SetSystem(), [a, b]);
        Assert.Equal(2, all[a].Callbacks.Overdue);
        Assert.Equal(1, all[b].Callbacks.Overdue);
        var seen = await FiguresAsync(t => t.SetTenants([a]), [a, b]);
        Assert.Equal(2, seen[a].Callbacks.Overdue);
        Assert.Equal(0, seen[b].Callbacks.Overdue);

        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);
        var own = await tenantA.GetFromJsonAsync<JsonElement>("/api/v1/tenants/alpha-clinic/figures", Token);
        Assert.Equal(2, own.GetProperty("figures").GetProperty("callbacks").GetProperty("overdue").GetInt32());
    }

    [Fact]
    public async Task AManagerOfTenantA_GetsNothingOfTenantB_EvenWhenAskedFor()
    {
        await SeedAsync();

        var seen = await FiguresAsync(t => t.SetTenants([fixture.World.TenantA.Id]), [fixture.World.TenantB.Id]);

        Assert.Equal(CallbackFigures.None, seen[fixture.World.TenantB.Id].Callbacks);
    }

    [Fact]
    public async Task FiguresApi_GivesATenantKeyItsOwnFigures_AnotherTenantIs404_AndNoKeyIs401()
    {
        await SeedAsync();
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);
        using var centre = fixture.KeyClient(TestWorld.OperatorKey);

        var own = await tenantA.GetFromJsonAsync<JsonElement>("/api/v1/tenants/alpha-clinic/figures", Token);
        Assert.Equal("alpha-clinic", own.GetProperty("tenant").GetString());
        var callbacks = own.GetProperty("figures").GetProperty("callbacks");
        Assert.Equal(5, callbacks.GetProperty("emergency").GetProperty("calledBack").GetInt32());
        Assert.Equal(6, callbacks.GetProperty("emergency").GetProperty("p50Minutes").GetDouble(), precision: 3);
        Assert.Equal(6, callbacks.GetProperty("outcomes").GetProperty("reached").GetInt32());
        Assert.Equal(JsonValueKind.Null, callbacks.GetProperty("normal").GetProperty("p50Minutes").ValueKind);
        Assert.True(own.GetProperty("until").GetDateTimeOffset() - own.GetProperty("since").GetDateTimeOffset() == TenantHealthQuery.Window);

        using (var theirs = await tenantA.GetAsync("/api/v1/tenants/beta-build/figures", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
            Assert.Equal("application/problem+json", theirs.Content.Headers.ContentType?.MediaType);
        }
        using (var unknown = await centre.GetAsync("/api/v1/tenants/no-such-tenant/figures", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        var beta = await centre.GetFromJsonAsync<JsonElement>("/api/v1/tenants/beta-build/figures", Token);
        Assert.Equal(1, beta.GetProperty("figures").GetProperty("callbacks").GetProperty("outcomes").GetProperty("reached").GetInt32());
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var noKey = await anonymous.GetAsync("/api/v1/tenants/alpha-clinic/figures", Token);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task ManageList_ShowsCallbackFigures_AndLinksTheFiguresToHistoryWithTheFilterFilledIn()
    {
        await SeedAsync();
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        var html = WebUtility.HtmlDecode(await manager.Http.GetStringAsync(new Uri("/manage", UriKind.Relative), Token));

        Assert.Contains("/history?tenant=alpha-clinic&status=New", html, StringComparison.Ordinal);
        Assert.Contains("status=CalledBack&urgency=Emergency", html, StringComparison.Ordinal);
        Assert.Matches(@"data-testid=""callback-outcome-Reached""[^>]*>\s*<[^>]+>[^<]*: 6<", html);
        Assert.DoesNotContain("beta-build", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+81 90 1234 5678")]
    [InlineData("090-1234-5678")]
    [InlineData("０９０１２３４５６７８")]
    public async Task HistoryPage_TakesAPhoneNumberFromTheAddress(string typed)
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var mobile = Message(fixture.World.TenantA.Id, Urgency.Normal, DateTimeOffset.UtcNow.AddHours(-1));
            mobile.CallbackNumber = "+819012345678";
            mobile.CallerName = "電話番号で探す人";
            db.Messages.AddRange(mobile, Message(fixture.World.TenantA.Id, Urgency.Normal, DateTimeOffset.UtcNow.AddHours(-2)));
            await db.SaveChangesAsync(Token);
        }
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);

        var html = await staff.Http.GetStringAsync(new Uri($"/history?q={Uri.EscapeDataString(typed)}", UriKind.Relative), Token);

        // The first render (prerendered, before the virtualized list measures itself) says how many matched: the one
        // message with that number, not the other.
        Assert.Matches(@"data-testid=""history-count""[^>]*>\s*1件を表示", WebUtility.HtmlDecode(html));
    }

    private async Task<IReadOnlyDictionary<Guid, TenantHealth>> FiguresAsync(Action<TenantContext> scopeTo, Guid[] tenantIds)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scopeTo(scope.ServiceProvider.GetRequiredService<TenantContext>());
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Token);
        return await scope.ServiceProvider.GetRequiredService<TenantHealthQuery>().ForAsync(db, tenantIds, Token);
    }

    private static Message Message(Guid tenantId, Urgency urgency, DateTimeOffset receivedAt) => new()
    {
        TenantId = tenantId, CallerName = "山田", CallbackNumber = "+81312345678", Subject = "用件", Urgency = urgency,
        ReceivedAt = receivedAt, UpdatedAt = receivedAt, Status = MessageStatus.Acknowledged, AcknowledgedAt = receivedAt.AddMinutes(1),
    };

    private static Callback Attempt(Message message, CallbackOutcome outcome, DateTimeOffset at) => new()
    {
        TenantId = message.TenantId, MessageId = message.Id, Outcome = outcome, CalledAt = at, RecordedAt = at, ByName = "スタッフ",
    };
}
