namespace Dashboard.Features.Notifications.Phone;

public static class PhoneChannelRegistration
{
    /// <summary>Calls go through Twilio when `Twilio:AccountSid` is set; otherwise to the development outbox.</summary>
    public static IHostApplicationBuilder AddPhoneChannel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(TwilioOptions.Section);
        builder.Services.Configure<TwilioOptions>(section);
        builder.Services.AddSingleton<CallScript>();
        var configured = section.Get<TwilioOptions>()?.IsConfigured == true;
        if (configured)
        {
            builder.Services.AddHttpClient(TwilioCallSender.HttpClientName);
            builder.Services.AddSingleton<TwilioCallSender>();
        }
        builder.Services.AddSingleton(services => new OutboundCalls(services.GetRequiredService<PublicUrls>(),
            configured ? services.GetRequiredService<TwilioCallSender>() : null));
        builder.Services.AddNotificationChannel(PhoneChannel.Description, services => new PhoneChannel(
            configured ? services.GetRequiredService<TwilioCallSender>() : null, services.GetRequiredService<PublicUrls>(),
            services.GetServices<INotificationReplyHandler>()));
        return builder;
    }

    /// <summary>The webhooks are always mapped: without an auth token no signature is valid, so they refuse everything.</summary>
    public static WebApplication MapPhoneChannel(this WebApplication app)
    {
        app.MapTwilioWebhooks();
        app.MapTestCallWebhooks();
        app.MapReminderCallWebhooks();
        return app;
    }
}
