using Hangfire;

namespace Dashboard.Features.Reports;

/// <summary>The monthly report: its query, page, API, settings and the recurring e-mail.</summary>
public static class ReportsRegistration
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<MonthlyReportQuery>();
        builder.Services.AddScoped<MonthlyReportReader>();
        builder.Services.AddSingleton<ReportEmailComposer>();
        builder.Services.AddScoped<ReportMailer>();
        builder.Services.AddScoped<ReportMailJob>();
        builder.Services.AddScoped<ReportSettingsEditor>();
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapReportsApi();
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ReportMailJob>(
            ReportMailJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), ReportMailJob.Cron);
        return app;
    }
}
