using System.Text.Json;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Retention;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Dashboard.Tests.Retention;

/// <summary>
/// Retention on real PostgreSQL with the clock in the test's hands: exactly what has expired goes, per tenant and its own
/// periods; nothing of another tenant, nothing unexpired, nothing of a running escalation; one audit entry per tenant.
/// </summary>
public sealed class RetentionJobTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Message oldA = default!, oldEscalatingA = default!, twoYearsA = default!, recentA = default!, oldB = default!;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        var a = fixture.World.TenantA.Id;
        var b = fixture.World.TenantB.Id;
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var policy = new EscalationPolicy { TenantId = a, Name = "至急", CurrentVersion = 1 };
        var version = new EscalationPolicyVersion { TenantId = a, PolicyId = policy.Id, Version = 1, Steps = [new() { DelayMinutes = 0, Targets = [] }] };
        policy.Versions.Add(version);
        db.EscalationPolicies.Add(policy);

        // Tenant A keeps the defaults: messages 36 months, details 12 months.
        oldA = WithDetails(db, ReportData.Add(db, a, "2022-05-01T00:00:00Z", Urgency.Urgent, 60, "A1"));
        oldEscalatingA = WithDetails(db, ReportData.Add(db, a, "2022-05-02T00:00:00Z", Urgency.Emergency));
        db.MessageEscalations.Add(new MessageEscalation
        {
            MessageId = oldEscalatingA.Id, TenantId = a, PolicyVersionId = version.Id, State = EscalationState.Active,
            // Due far ahead: the app's real sweeper must not run it while the test's clock stands in 2026-06.
            StartedAt = oldEscalatingA.ReceivedAt, NextDueAt = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        twoYearsA = WithDetails(db, ReportData.Add(db, a, "2024-06-01T00:00:00Z", Urgency.Urgent, 60, "A1"));
        recentA = WithDetails(db, ReportData.Add(db, a, "2026-01-01T00:00:00Z", Urgency.Urgent, 60, "A1"));
        // Tenant B keeps everything for ten years: its rows of the same age stay.
        db.RetentionSettings.Add(new RetentionSettings { TenantId = b, MessageMonths = 120, DetailMonths = 120 });
        oldB = WithDetails(db, ReportData.Add(db, b, "2022-05-01T00:00:00Z", Urgency.Urgent, 60, "B"));
        await db.SaveChangesAsync(Token);

        // More expired "seen" rows than one batch holds, on the two-year-old message of A.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Token);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "MessageEvents" ("TenantId", "MessageId", "Kind", "At", "ActorName", "Channel", "ActorUserId")
            SELECT $1, $2, 1, $3::timestamptz + n * interval '1 second', 'seen', 0, gen_random_uuid() FROM generate_series(1, 2500) AS n
            """, connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = a });
        insert.Parameters.Add(new NpgsqlParameter { Value = twoYearsA.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = twoYearsA.ReceivedAt });
        await insert.ExecuteNonQueryAsync(Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A seen event and an escalation step a minute after receipt, and one sent attempt.</summary>
    private static Message WithDetails(Dashboard.Data.AppDbContext db, Message message)
    {
        message.Events.Add(new MessageEvent { TenantId = message.TenantId, Kind = MessageEventKind.EscalationStep, At = message.ReceivedAt.AddMinutes(1), ActorName = "担当" });
        db.NotificationAttempts.Add(new NotificationAttempt
        {
            TenantId = message.TenantId, MessageId = message.Id, Address = "lead@example.com", Channel = NotificationChannel.Email, Status = AttemptStatus.Sent,
            CreatedAt = message.ReceivedAt.AddMinutes(1), UpdatedAt = message.ReceivedAt.AddMinutes(1),
        });
        return message;
    }

    private async Task<IReadOnlyList<RetentionRun>> RunAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<RetentionJob>(scope.ServiceProvider, new FakeTimeProvider(Now)).RunAsync(Token);
    }

    private async Task<string> StateOfAsync(Message message)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var exists = await db.Messages.AnyAsync(m => m.Id == message.Id, Token);
        var kinds = await db.MessageEvents.Where(e => e.MessageId == message.Id).Select(e => e.Kind).Distinct().OrderBy(k => k).ToListAsync(Token);
        var attempts = await db.NotificationAttempts.CountAsync(a => a.MessageId == message.Id, Token);
        return $"{(exists ? "kept" : "gone")}; events: {string.Join(",", kinds)}; attempts: {attempts}";
    }

    [Fact]
    public async Task DeletesExactlyWhatHasExpired_AndNothingOfAnotherTenant_OrOfARunningEscalation()
    {
        var runs = await RunAsync();

        // Four years old: gone with everything it had.
        Assert.Equal("gone; events: ; attempts: 0", await StateOfAsync(oldA));
        // Four years old but still escalating: untouched.
        Assert.Equal("kept; events: Created,EscalationStep; attempts: 1", await StateOfAsync(oldEscalatingA));
        // Two years old: the message and its lifecycle stay; its details (step, 2,500 seen, attempt) are gone.
        Assert.Equal("kept; events: Created; attempts: 0", await StateOfAsync(twoYearsA));
        // Five months old: untouched.
        Assert.Equal("kept; events: Created,EscalationStep; attempts: 1", await StateOfAsync(recentA));
        // Tenant B keeps ten years: untouched.
        Assert.Equal("kept; events: Created,EscalationStep; attempts: 1", await StateOfAsync(oldB));

        var a = runs.Single(r => r.TenantId == fixture.World.TenantA.Id);
        Assert.Equal(new RetentionRun(fixture.World.TenantA.Id, Messages: 1, Events: 2501 + 1, Attempts: 2), a);
        Assert.False(runs.Single(r => r.TenantId == fixture.World.TenantB.Id).DeletedAnything);
    }

    [Fact]
    public async Task EachRun_LeavesOneSystemAuditEntryPerTenantThatLostSomething_WithTheCounts()
    {
        await RunAsync();
        await RunAsync();

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var entries = await db.AuditEntries.Where(e => e.Entity == RetentionJob.AuditEntity).ToListAsync(Token);
        var entry = Assert.Single(entries);
        Assert.Equal(fixture.World.TenantA.Id, entry.TenantId);
        Assert.Null(entry.ActorUserId);
        Assert.Equal("system", entry.ActorName);
        using var counts = JsonDocument.Parse(entry.After!);
        Assert.Equal(1, counts.RootElement.GetProperty("Messages").GetInt32());
        Assert.Equal(2502, counts.RootElement.GetProperty("Events").GetInt32());
        Assert.Equal(2, counts.RootElement.GetProperty("Attempts").GetInt32());
    }

    [Fact]
    public async Task ShorterPeriods_OfOneTenant_DeleteMoreOfThatTenantOnly()
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.RetentionSettings.Add(new RetentionSettings { TenantId = fixture.World.TenantA.Id, MessageMonths = 3, DetailMonths = 1 });
            await db.SaveChangesAsync(Token);
        }

        await RunAsync();

        Assert.StartsWith("gone", await StateOfAsync(twoYearsA), StringComparison.Ordinal);
        Assert.StartsWith("gone", await StateOfAsync(recentA), StringComparison.Ordinal);
        Assert.StartsWith("kept", await StateOfAsync(oldEscalatingA), StringComparison.Ordinal);
        Assert.Equal("kept; events: Created,EscalationStep; attempts: 1", await StateOfAsync(oldB));
    }
}
