using Dashboard.Features.Notifications.Email;
using Dashboard.Features.Notifications.Phone;

namespace Dashboard.Features.Notifications;

/// <summary>
/// The channels escalation reaches people through: each picks its real sender when configured, else the development
/// outbox. A new channel is its folder and one line here (its AddXChannel registers it with AddNotificationChannel).
/// </summary>
public static class NotificationsRegistration
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<NotificationChannelCatalog>();
        builder.AddEmailChannel();
        builder.AddPhoneChannel();
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.MapEmailChannel();
        app.MapPhoneChannel();
        return app;
    }
}
