using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Benchmarks;

/// <summary>
/// Escalation lateness: when a scheduled step ran (its attempt's CreatedAt, stamped in the same instant as the
/// EscalationStep timeline event) and was sent (the attempt's SentAt) minus when it was due (MessageEscalation.NextDueAt,
/// read after the first step ran). Urgent messages are posted through the API spread evenly over a time span, under a
/// policy "e-mail the lead at once, e-mail the deputy 1 minute later"; the second step is the scheduled one measured.
/// The app runs twice, each on a fresh database: as configured, and with Hangfire's stock polling and no sweep.
/// </summary>
internal sealed class LatenessBenchmark(Options options)
{
    /// <summary>Step 2 is due this long after step 1; whole minutes are all a policy can say.</summary>
    private const int SecondStepMinutes = 1;

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Beyond the last due time, how long to wait for stragglers before counting them missing.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    public sealed record Result(string Name, Percentiles Ran, Percentiles Sent, Percentiles FirstStep, int Missing);

    /// <summary>Settings: app configuration keys on top of its defaults; Description: what the run amounts to, for the report.</summary>
    private sealed record Configuration(string Name, string Description, IReadOnlyDictionary<string, string?> Settings);

    public async Task<List<Result>> RunAsync(CancellationToken cancellationToken)
    {
        // Stock polling is read from Hangfire itself rather than restated. The sweep has no "off": once a day never
        // fires within a run.
        var schedulePoll = new BackgroundJobServerOptions().SchedulePollingInterval;
        var queuePoll = new PostgreSqlStorageOptions().QueuePollInterval;
        Configuration[] configurations =
        [
            // No keys at all: what a deployment runs.
            new("as configured", "the app's defaults: schedule poll 0.25 s, queue woken by NOTIFY and polled every 0.25 s, sweep every 5 s", new Dictionary<string, string?>()),
            new("stock Hangfire", $"schedule poll {schedulePoll.TotalSeconds:0} s, queue poll {queuePoll.TotalSeconds:0} s, no NOTIFY, no sweep", new Dictionary<string, string?>
            {
                ["Escalation:QueueNotifications"] = "false",
                ["Escalation:SchedulePollingInterval"] = schedulePoll.ToString("c", CultureInfo.InvariantCulture),
                ["Escalation:QueuePollInterval"] = queuePoll.ToString("c", CultureInfo.InvariantCulture),
                ["Escalation:SweepInterval"] = TimeSpan.FromDays(1).ToString("c", CultureInfo.InvariantCulture),
            }),
        ];
        var results = new List<Result>();
        foreach (var configuration in configurations)
        {
            var result = await MeasureAsync(configuration, cancellationToken);
            Console.WriteLine($"    step 2 ran   (CreatedAt - due)  {result.Ran.Row()}");
            Console.WriteLine($"    step 2 sent  (SentAt - due)     {result.Sent.Row()}");
            Console.WriteLine($"    step 1 ran   (enqueued at once) {result.FirstStep.Row()}");
            if (result.Missing > 0)
            {
                Console.WriteLine($"    {result.Missing} second steps not measured: due time never seen, or not sent {Grace.TotalMinutes:0} minutes after the last due time");
            }
            results.Add(result);
        }
        var (configured, stock) = (results[0], results[1]);
        Console.WriteLine($"  as configured / stock, step 2 ran  {configured.Ran.RatioTo(stock.Ran, "0.00")}");
        Console.WriteLine($"  as configured / stock, step 2 sent {configured.Sent.RatioTo(stock.Sent, "0.00")}");
        return results;
    }

    private async Task<Result> MeasureAsync(Configuration configuration, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  {configuration.Name} ({configuration.Description})");
        await using var host = await BenchHost.StartAsync(options, configuration.Settings, cancellationToken);
        await AddPolicyAsync(host, cancellationToken);

        // Watched from the start: the first message's second step falls due about when the last is posted.
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = WatchSecondStepsAsync(host, options.LatenessMessages, options.LatenessSpread, stopWatching.Token);
        List<Guid> messageIds;
        try
        {
            messageIds = await PostSpreadAsync(host, cancellationToken);
        }
        catch
        {
            await stopWatching.CancelAsync();
            throw;
        }
        var dues = await watching;

        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var attempts = await db.NotificationAttempts.AsNoTracking().Where(a => a.Round == 0)
            .Select(a => new { a.MessageId, a.StepIndex, a.CreatedAt, a.SentAt }).ToListAsync(cancellationToken);
        var started = await db.MessageEscalations.AsNoTracking().ToDictionaryAsync(e => e.MessageId, e => e.StartedAt, cancellationToken);

        var second = attempts.Where(a => a.StepIndex == 1 && dues.ContainsKey(a.MessageId)).ToList();
        var ran = second.Select(a => (a.CreatedAt - dues[a.MessageId]).TotalMilliseconds).ToList();
        var sent = second.Where(a => a.SentAt is not null).Select(a => (a.SentAt!.Value - dues[a.MessageId]).TotalMilliseconds).ToList();
        // Step 1 has no delay: it is due when the escalation started, and goes through the queue, not the schedule.
        var first = attempts.Where(a => a.StepIndex == 0).Select(a => (a.CreatedAt - started[a.MessageId]).TotalMilliseconds).ToList();
        return new Result(configuration.Name, Percentiles.Of(ran), Percentiles.Of(sent), Percentiles.Of(first), messageIds.Count - sent.Count);
    }

    /// <summary>
    /// Lead by e-mail at once, deputy by e-mail a minute later. E-mail, not phone: every message would call the
    /// same deputy, and the once-a-minute pacing per number would then be measured instead of the scheduling.
    /// </summary>
    private static async Task AddPolicyAsync(BenchHost host, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
        var tenantId = host.TenantId;
        var lead = new Contact { TenantId = tenantId, Name = "担当 一郎", Email = "lead@bench.example" };
        var deputy = new Contact { TenantId = tenantId, Name = "副担当 二郎", Email = "deputy@bench.example" };
        var policy = new EscalationPolicy { TenantId = tenantId, Name = "至急", CurrentVersion = 1 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = tenantId, PolicyId = policy.Id, Version = 1, Hours = HoursCoverage.Always, CreatedBy = "bench",
            Steps =
            [
                new() { DelayMinutes = 0, Targets = [new() { ContactId = lead.Id, Channel = NotificationChannel.Email }] },
                new() { DelayMinutes = SecondStepMinutes, Targets = [new() { ContactId = deputy.Id, Channel = NotificationChannel.Email }] },
            ],
        });
        db.Contacts.AddRange(lead, deputy);
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Urgent messages through POST /api/v1/messages, one per slot, evenly over the spread: due times fall all over a minute.</summary>
    private async Task<List<Guid>> PostSpreadAsync(BenchHost host, CancellationToken cancellationToken)
    {
        using var http = host.CreateClient(BenchHost.OperatorKey, 1);
        var ids = new List<Guid>(options.LatenessMessages);
        var slot = options.LatenessSpread / options.LatenessMessages;
        var start = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < options.LatenessMessages; i++)
        {
            var wait = slot * i - TimeProvider.System.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            var input = Payloads.Input(i + 1);
            input.Urgency = "Urgent";
            using var response = await http.PostAsJsonAsync("/api/v1/messages", input, cancellationToken);
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            ids.Add(json.GetProperty("id").GetGuid());
        }
        return ids;
    }

    /// <summary>
    /// Polls the escalations: each one's NextDueAt is read once step 1 has run (sequence 2) and before step 2 is due;
    /// returns when every second step has been sent, or <see cref="Grace"/> after the last due time.
    /// </summary>
    private static async Task<Dictionary<Guid, DateTimeOffset>> WatchSecondStepsAsync(BenchHost host, int messages, TimeSpan spread, CancellationToken cancellationToken)
    {
        var dues = new Dictionary<Guid, DateTimeOffset>();
        var deadline = TimeProvider.System.GetUtcNow() + spread + TimeSpan.FromMinutes(SecondStepMinutes) + Grace;
        using var timer = new PeriodicTimer(PollEvery);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken);
            var waiting = await db.MessageEscalations.AsNoTracking()
                .Where(e => e.State == EscalationState.Active && e.Sequence == 2)
                .Select(e => new { e.MessageId, e.NextDueAt }).ToListAsync(cancellationToken);
            foreach (var e in waiting)
            {
                dues.TryAdd(e.MessageId, e.NextDueAt);
            }
            var sent = await db.NotificationAttempts.AsNoTracking().CountAsync(a => a.StepIndex == 1 && a.SentAt != null, cancellationToken);
            if (sent >= messages)
            {
                break;
            }
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                break;
            }
        }
        return dues;
    }
}
