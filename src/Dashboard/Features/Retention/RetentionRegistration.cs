using Hangfire;

namespace Dashboard.Features.Retention;

/// <summary>How long each tenant's data is kept, its settings, and the recurring job that deletes what has expired.</summary>
public static class RetentionRegistration
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddScoped<RetentionSettingsEditor>();
        return builder;
    }

    public static WebApplication MapRetention(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJob>(
            RetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), RetentionJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") });
        return app;
    }
}
