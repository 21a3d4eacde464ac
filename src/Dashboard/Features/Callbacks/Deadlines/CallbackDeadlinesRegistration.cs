using Dashboard.Features.Messages;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>Callback deadlines: started on acknowledgement, ended by a reached callback or resolution, and the jobs between.</summary>
public static class CallbackDeadlinesRegistration
{
    public static IHostApplicationBuilder AddCallbackDeadlines(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMessageEventSubscriber<MessageAcknowledged, CallbackDeadlineStarter>();
        builder.Services.AddMessageEventSubscriber<CallbackRecorded, CallbackDeadlineEnder>();
        builder.Services.AddMessageEventSubscriber<MessageResolved, CallbackDeadlineEnder>();
        builder.Services.AddScoped<CallbackDeadlineJobs>();
        builder.Services.AddScoped<CallbackReminders>();
        builder.Services.AddScoped<CallbackReminderContent>();
        builder.Services.AddScoped<CallbackDeadlineSettingsEditor>();
        builder.Services.AddScoped<Notifications.INotificationReplyHandler, ReminderSnoozeReplies>();
        if (builder.Configuration.GetValue("Escalation:RunJobs", true))
        {
            builder.Services.AddHostedService<CallbackDeadlineSweeper>();
        }
        return builder;
    }
}
