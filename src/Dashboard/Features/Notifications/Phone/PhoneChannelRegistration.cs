using Dashboard.Features.Escalation;

namespace Dashboard.Features.Notifications.Phone;

public static class PhoneChannelRegistration
{
    public static IHostApplicationBuilder AddPhoneChannel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<INotificationSender>(new DevOutboxSender(NotificationChannel.PhoneCall));
        return builder;
    }

    public static WebApplication MapPhoneChannel(this WebApplication app) => app;
}
