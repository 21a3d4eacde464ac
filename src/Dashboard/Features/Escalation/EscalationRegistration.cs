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
            QueuePollInterval = TimeSpan.FromSeconds(1),
            PrepareSchemaIfNecessary = true,
        };
        // The storage is this host's own singleton, not Hangfire's static JobStorage.Current, so two hosts in
        // one process (tests, benchmarks) never share or swap each other's database.
        builder.Services.AddSingleton<JobStorage>(new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        // Every node runs jobs unless Escalation:RunJobs is false.
        if (builder.Configuration.GetValue("Escalation:RunJobs", true))
        {
            builder.Services.AddHangfireServer(options =>
            {
                // A step due at 12:05:00 must go out at 12:05:00, not when a 15-second poller next wakes.
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                options.ServerCheckInterval = TimeSpan.FromSeconds(10);
                options.ServerTimeout = TimeSpan.FromSeconds(30);
                options.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            });
        }
        builder.Services.AddScoped<EscalationStarter>();
        builder.Services.AddScoped<EscalationJobs>();
        builder.Services.AddScoped<NotificationJobs>();
        builder.Services.AddScoped<PhoneAcknowledgement>();
        builder.Services.AddSingleton<INotificationSender>(new DevOutboxSender(NotificationChannel.Email));
        builder.Services.AddSingleton<INotificationSender>(new DevOutboxSender(NotificationChannel.PhoneCall));
        return builder;
    }

    public static WebApplication MapEscalation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<EscalationJobs>("escalation-sweep", j => j.SweepAsync(CancellationToken.None), Cron.Minutely());
        return app;
    }
}
