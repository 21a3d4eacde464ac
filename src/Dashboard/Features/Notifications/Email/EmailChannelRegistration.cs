using Dashboard.Features.Escalation;

namespace Dashboard.Features.Notifications.Email;

public static class EmailChannelRegistration
{
    public static IHostApplicationBuilder AddEmailChannel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<INotificationSender>(new DevOutboxSender(NotificationChannel.Email));
        return builder;
    }

    public static WebApplication MapEmailChannel(this WebApplication app) => app;
}
