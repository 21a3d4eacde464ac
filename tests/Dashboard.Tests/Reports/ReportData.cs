using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Reports;

/// <summary>
/// A hand-computed month for the report tests: March 2026 of tenant A in Asia/Tokyo (UTC+9), with messages either side
/// of both month boundaries, and one of tenant B that must not count.
/// </summary>
public static class ReportData
{
    public static readonly DateTimeOffset March1Tokyo = new(2026, 2, 28, 15, 0, 0, TimeSpan.Zero);

    public static async Task SeedMarchAsync(AppFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var a = fixture.World.TenantA.Id;
        var b = fixture.World.TenantB.Id;
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var policy = new EscalationPolicy { TenantId = a, Name = "至急", CurrentVersion = 1 };
        var version = new EscalationPolicyVersion { TenantId = a, PolicyId = policy.Id, Version = 1, Repeats = 1, Steps = [new() { DelayMinutes = 0, Targets = [] }] };
        policy.Versions.Add(version);
        var policyB = new EscalationPolicy { TenantId = b, Name = "至急", CurrentVersion = 1 };
        var versionB = new EscalationPolicyVersion { TenantId = b, PolicyId = policyB.Id, Version = 1, Repeats = 1, Steps = [new() { DelayMinutes = 0, Targets = [] }] };
        policyB.Versions.Add(versionB);
        db.EscalationPolicies.AddRange(policy, policyB);

        // 2026-03-01 00:30 JST: March, day 1, hour 0 (still February in UTC).
        Add(db, a, "2026-02-28T15:30:00Z", Urgency.Normal);
        // 2026-02-28 23:59 JST: February.
        Add(db, a, "2026-02-28T14:59:00Z", Urgency.Normal);
        // 2026-03-31 23:59:59 JST: March, day 31, hour 23; acknowledged after 2 minutes.
        // Called back (reached) after 5 minutes.
        CalledBack(Add(db, a, "2026-03-31T14:59:59Z", Urgency.Urgent, acknowledgedAfterSeconds: 120, by: "スタッフA1"), 300);
        // 2026-04-01 00:00 JST: April.
        Add(db, a, "2026-03-31T15:00:00Z", Urgency.Emergency, acknowledgedAfterSeconds: 30, by: "スタッフA1");
        // 2026-03-10 10:00 JST, emergency for 院長, acknowledged after 10 minutes, escalated (2 steps, exhausted).
        var emergency = Add(db, a, "2026-03-10T01:00:00Z", Urgency.Emergency, acknowledgedAfterSeconds: 600, by: "スタッフA2", forWhom: "院長");
        // 2026-03-10 11:00 JST, urgent for 院長, acknowledged after 1 minute, escalated (1 step, stopped).
        var urgent = Add(db, a, "2026-03-10T02:00:00Z", Urgency.Urgent, acknowledgedAfterSeconds: 60, by: "スタッフA1", forWhom: "院長");
        // 2026-03-15 12:00 JST, normal for 受付, never acknowledged.
        Add(db, a, "2026-03-15T03:00:00Z", Urgency.Normal, forWhom: "受付");
        // 2026-03-20 14:00 JST, urgent, never acknowledged.
        Add(db, a, "2026-03-20T05:00:00Z", Urgency.Urgent);
        // January: one urgent call acknowledged after 5 minutes and called back after 20 (the trends).
        CalledBack(Add(db, a, "2026-01-15T00:00:00Z", Urgency.Urgent, acknowledgedAfterSeconds: 300, by: "スタッフA2"), 1200);
        // Tenant B in March: counted nowhere in A's report.
        var other = Add(db, b, "2026-03-10T01:00:00Z", Urgency.Emergency, acknowledgedAfterSeconds: 5, by: "スタッフB", forWhom: "社長");

        // Called back after 15 and 3 minutes; B's after 10 seconds (counted nowhere in A's report).
        CalledBack(emergency, 900);
        CalledBack(urgent, 180);
        CalledBack(other, 10);
        Escalate(db, emergency, version.Id, EscalationState.Exhausted, steps: 2);
        Escalate(db, urgent, version.Id, EscalationState.Stopped, steps: 1);
        Escalate(db, other, versionB.Id, EscalationState.Exhausted, steps: 3);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static Message Add(
        Dashboard.Data.AppDbContext db, Guid tenantId, string receivedAt, Urgency urgency, int? acknowledgedAfterSeconds = null, string? by = null, string forWhom = "")
    {
        ArgumentNullException.ThrowIfNull(db);
        var at = DateTimeOffset.Parse(receivedAt, System.Globalization.CultureInfo.InvariantCulture);
        var message = new Message
        {
            TenantId = tenantId, ReceivedAt = at, CallerName = "山本", CallbackNumber = "+819012345678", Subject = "折り返し", Urgency = urgency,
            ForWhom = forWhom, UpdatedAt = at,
            Status = acknowledgedAfterSeconds is null ? MessageStatus.New : MessageStatus.Acknowledged,
            AcknowledgedAt = acknowledgedAfterSeconds is { } s ? at.AddSeconds(s) : null, AcknowledgedBy = by,
            AcknowledgedVia = acknowledgedAfterSeconds is null ? null : ChangeChannel.Dashboard,
        };
        message.Events.Add(new MessageEvent { TenantId = tenantId, Kind = MessageEventKind.Created, At = at, ActorName = "operator" });
        db.Messages.Add(message);
        return message;
    }

    private static void CalledBack(Message message, int afterSeconds) => message.CalledBackAt = message.ReceivedAt.AddSeconds(afterSeconds);

    private static void Escalate(Dashboard.Data.AppDbContext db, Message message, Guid versionId, EscalationState state, int steps)
    {
        db.MessageEscalations.Add(new MessageEscalation
        {
            MessageId = message.Id, TenantId = message.TenantId, PolicyVersionId = versionId, State = state,
            StartedAt = message.ReceivedAt, NextDueAt = message.ReceivedAt, EndedAt = state == EscalationState.Active ? null : message.ReceivedAt.AddMinutes(10),
        });
        for (var i = 0; i < steps; i++)
        {
            message.Events.Add(new MessageEvent { TenantId = message.TenantId, Kind = MessageEventKind.EscalationStep, At = message.ReceivedAt.AddMinutes(i * 5), ActorName = "担当" });
        }
    }
}
