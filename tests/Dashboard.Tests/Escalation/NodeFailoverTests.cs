using Dashboard.Features.Escalation;
using Dashboard.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Tests.Escalation;

/// <summary>Two nodes, each naming its database connections, so a test can see which one holds a lock and kill it.</summary>
public sealed class FailoverFixture : AppFixture
{
    public const string NodeA = "dashboard-node-a";
    public const string NodeB = "dashboard-node-b";

    public DashboardApp SecondNode { get; private set; } = default!;

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["ConnectionStrings:Dashboard"] = $"{ConnectionString};Application Name={NodeA}";
        return ValueTask.CompletedTask;
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // Started before any reset, so both nodes hold the same data-protection key.
        SecondNode = new DashboardApp(ConnectionString);
        SecondNode.Settings["ConnectionStrings:Dashboard"] = $"{ConnectionString};Application Name={NodeB}";
        await SecondNode.StartAsync();
    }

    public DashboardApp Node(string name) => name == NodeA ? App : SecondNode;

    public override async ValueTask DisposeAsync()
    {
        await SecondNode.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// A node that dies in the middle of an escalation step does not take the escalation with it: the other node
/// sends the step well within 30 seconds of when it was due.
/// </summary>
public sealed class NodeFailoverTests(FailoverFixture fixture) : IClassFixture<FailoverFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StepHeldByANodeThatDies_IsSentByTheOtherNode_WithinThirtySeconds()
    {
        var tenantId = fixture.World.TenantA.Id;
        await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, tenantId, firstStepMinutes: 0, secondStepMinutes: 1);
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var posted = await Messages.TestMessages.PostAsync(operatorCentre, Messages.TestMessages.TenantA, "ボイラー停止", "Emergency");
        await EventuallyAsync(async () => (await AttemptsAsync(posted.Id)) is { Count: 2 } first && first.All(a => a.Status == AttemptStatus.Sent), "the first step to be sent");

        // Freeze any step mid-transaction: it takes the message's row lock, then waits on this table lock.
        await using var blocker = new NpgsqlConnection(fixture.ConnectionString);
        await blocker.OpenAsync(Token);
        await using var freeze = await blocker.BeginTransactionAsync(Token);
        await using (var lockTable = new NpgsqlCommand("""LOCK TABLE "EscalationPolicyVersions" IN ACCESS EXCLUSIVE MODE""", blocker, freeze))
        {
            await lockTable.ExecuteNonQueryAsync(Token);
        }

        // The second step comes due now, and one of the two nodes picks up its wake-up.
        var dueAt = DateTimeOffset.UtcNow;
        int sequence;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == posted.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, dueAt), Token);
            sequence = (await db.MessageEscalations.AsNoTracking().SingleAsync(e => e.MessageId == posted.Id, Token)).Sequence;
        }
        EscalationJobs.Schedule(fixture.App.Services.GetRequiredService<IBackgroundJobClient>(), tenantId, posted.Id, sequence, dueAt, dueAt);

        // Whichever node holds the step is the one that dies: its connections are cut (as in a crash) and it stops.
        string? holder;
        try
        {
            holder = await EventuallyAsync(() => NodeWaitingOnAsync(blocker), name => name is not null, "a node to hold the step");
        }
        catch (Xunit.Sdk.TrueException timedOut)
        {
            // This wait has timed out in busy full runs and never alone: say what every connection and the job were doing.
            throw new TimeoutException($"{timedOut.Message}\n{await DescribeAsync(blocker)}", timedOut);
        }
        await using (var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name AND datname = current_database()", blocker))
        {
            kill.Parameters.AddWithValue("name", holder!);
            await kill.ExecuteNonQueryAsync(Token);
        }
        await freeze.CommitAsync(Token);
        await fixture.Node(holder!).DisposeAsync();

        // The survivor sends the second step, to the deputy, within 30 seconds of when it was due.
        var deputyCall = await EventuallyAsync(
            async () => (await AttemptsAsync(posted.Id)).SingleOrDefault(a => a.Address == TestPolicies.DeputyPhone && a.Status == AttemptStatus.Sent),
            attempt => attempt is not null, "the second step from the surviving node");
        var lateness = deputyCall!.SentAt!.Value - dueAt;
        TestContext.Current.TestOutputHelper?.WriteLine($"{holder} held the step and died; the other node sent it {lateness.TotalSeconds:F1} s after it was due");
        if (lateness >= TimeSpan.FromSeconds(30))
        {
            // Once in a busy full run it went out after 60 s: say when each attempt was made, claimed and last touched.
            var attempts = string.Join("\n", (await AttemptsAsync(posted.Id)).OrderBy(a => a.CreatedAt).Select(a => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{a.Address} {a.Channel} {a.Status} tries {a.Tries}: created +{(a.CreatedAt - dueAt).TotalSeconds:F1} s, sent +{(a.SentAt - dueAt)?.TotalSeconds:F1} s, updated +{(a.UpdatedAt - dueAt).TotalSeconds:F1} s, {a.Error}")));
            Assert.Fail($"The second step went out {lateness.TotalSeconds:F1} s after it was due; {holder} held it.\n{attempts}\n{await DescribeAsync(blocker)}");
        }
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Equal(EscalationState.Exhausted, (await check.MessageEscalations.AsNoTracking().SingleAsync(e => e.MessageId == posted.Id, Token)).State);
        // Sent once, however many times the lost step was retried.
        Assert.Single(await AttemptsAsync(posted.Id), a => a.Address == TestPolicies.DeputyPhone);
    }

    /// <summary>
    /// The node holding the step: its connection waits for the frozen table while holding a message row lock
    /// (FOR UPDATE), unlike a feed listener that merely reads the table. In one busy full run the reading connection
    /// showed its wait as a transaction id rather than the table, so the statement it runs counts too.
    /// </summary>
    private static async Task<string?> NodeWaitingOnAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT a.application_name FROM pg_locks w JOIN pg_stat_activity a ON a.pid = w.pid
            WHERE NOT w.granted AND a.application_name LIKE 'dashboard-node-%' AND a.datname = current_database()
              AND (w.relation = '"EscalationPolicyVersions"'::regclass OR a.query LIKE '%FROM "EscalationPolicyVersions"%')
              AND EXISTS (SELECT 1 FROM pg_locks h WHERE h.pid = w.pid AND h.granted
                          AND h.relation = '"Messages"'::regclass AND h.mode = 'RowShareLock')
            LIMIT 1
            """, connection);
        return await command.ExecuteScalarAsync(Token) as string;
    }

    /// <summary>The nodes' connections (what each waits on, holds and runs) and the step's jobs, for a failure message.</summary>
    private static async Task<string> DescribeAsync(NpgsqlConnection connection)
    {
        var text = new System.Text.StringBuilder();
        await using (var activity = new NpgsqlCommand("""
            SELECT coalesce(a.application_name, ''), a.pid, coalesce(a.state, '-'), coalesce(a.wait_event_type, '-'), coalesce(a.wait_event, '-'),
                   coalesce((SELECT string_agg(l.mode || CASE WHEN l.granted THEN '' ELSE '(waiting)' END || ' ' || coalesce(l.relation::regclass::text, l.locktype), ', ')
                             FROM pg_locks l WHERE l.pid = a.pid), ''),
                   left(regexp_replace(coalesce(a.query, ''), '\s+', ' ', 'g'), 160)
            FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() ORDER BY 1, 2
            """, connection))
        await using (var reader = await activity.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"{reader.GetString(0)} {reader.GetInt32(1)} {reader.GetString(2)} {reader.GetString(3)}/{reader.GetString(4)} [{reader.GetString(5)}] {reader.GetString(6)}\n");
            }
        }
        await using (var jobs = new NpgsqlCommand("""
            SELECT j.id, coalesce(j.statename, '-'), j.createdat, left(j.invocationdata::text, 120) FROM hangfire.job j ORDER BY j.id DESC LIMIT 8
            """, connection))
        await using (var reader = await jobs.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"job {reader.GetInt64(0)} {reader.GetString(1)} {reader.GetDateTime(2):HH:mm:ss.fff} {reader.GetString(3)}\n");
            }
        }
        return text.ToString();
    }

    private async Task<List<NotificationAttempt>> AttemptsAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).ToListAsync(Token);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        await EventuallyAsync(condition, done => done, what);

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        Eventually.ReadAsync(read, done, what, Token, Patience);
}
