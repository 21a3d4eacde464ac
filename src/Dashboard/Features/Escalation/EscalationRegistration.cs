using Dashboard.Features.Messages;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Dashboard.Features.Escalation;

public static class EscalationRegistration
{
    public static IHostApplicationBuilder AddEscalation(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Dashboard")!;
        var storageOptions = new PostgreSqlStorageOptions
        {
            // A node that dies holding a job releases it within seconds, not the default 30 minutes.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            // Hangfire's default is 15 s: an enqueued step (or one the scheduler just moved to the queue) would wait that long.
            // Configurable only so the lateness benchmark can measure the stock setting against this one.
            // The NOTIFY below wakes one idle worker per enqueue; a job enqueued while that worker is busy waits for
            // the next poll, which at 1 s left one step in twenty a second late (docs/benchmarks.md, section 3).
            QueuePollInterval = builder.Configuration.GetValue("Escalation:QueuePollInterval", TimeSpan.FromMilliseconds(250)),
            // Enqueuing NOTIFYs idle workers (LISTEN "new_job"), so a job starts at once instead of at the next queue poll.
            EnableLongPolling = builder.Configuration.GetValue("Escalation:QueueNotifications", true),
            PrepareSchemaIfNecessary = true,
        };
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // Registered after AddHangfire so these win: the storage, client and recurring manager are this host's
        // own, never Hangfire's static JobStorage.Current, so two hosts in one process (tests, benchmarks)
        // never write into each other's database.
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions);
        builder.Services.AddSingleton<JobStorage>(storage);
        builder.Services.AddSingleton<IBackgroundJobClient>(_ => new BackgroundJobClient(storage));
        builder.Services.AddSingleton<IRecurringJobManager>(_ => new RecurringJobManager(storage));
        // Every node runs jobs unless Escalation:RunJobs is false.
        if (builder.Configuration.GetValue("Escalation:RunJobs", true))
        {
            builder.Services.AddSingleton<HangfireServerHost>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<HangfireServerHost>());
            builder.Services.AddHostedService<EscalationSweeper>();
        }
        builder.Services.AddMessageEventSubscriber<MessageRecorded, EscalationStarter>();
        builder.Services.AddScoped<EscalationJobs>();
        builder.Services.AddScoped<EscalationOverviewQuery>();
        builder.Services.AddScoped<DevOutboxQuery>();
        builder.Services.AddScoped<NotificationJobs>();
        builder.Services.AddScoped<Notifications.INotificationReplyHandler, AcknowledgeReplies>();
        builder.Services.AddScoped<AttemptOutcomes>();
        builder.Services.AddSingleton<Observability.IDashboardGauges, OutboxGauges>();
        return builder;
    }

    /// <summary>
    /// Removes recurring jobs an older version registered in the shared job storage: the sweep used to be a
    /// minutely Hangfire job and now runs every few seconds in <see cref="EscalationSweeper"/>. Runs at start-up,
    /// after migrations (the storage must exist).
    /// </summary>
    public static WebApplication RemoveRetiredEscalationJobs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists("escalation-sweep");
        return app;
    }
}
