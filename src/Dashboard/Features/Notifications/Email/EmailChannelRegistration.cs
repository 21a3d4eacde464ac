using Microsoft.AspNetCore.Localization;

namespace Dashboard.Features.Notifications.Email;

public static class EmailChannelRegistration
{
    public const string AcknowledgePath = "/ack";

    public static IHostApplicationBuilder AddEmailChannel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SmtpOptions.Section);
        builder.Services.AddSingleton<AcknowledgeTokens>();
        builder.Services.AddSingleton<EscalationEmailComposer>();
        builder.Services.AddSingleton<VerifyEmailComposer>();
        builder.Services.AddSingleton<CallbackReminderEmailComposer>();
        builder.Services.AddScoped<AcknowledgeLinks>();
        var configured = section.Get<SmtpOptions>()?.IsConfigured == true;
        if (configured)
        {
            builder.Services.AddOptions<SmtpOptions>().Bind(section)
                .Validate(o => !o.Problems().Any(), "Smtp settings are incomplete: check Smtp:Port, Smtp:From, Smtp:UserName/Password.")
                .ValidateOnStart();
            builder.Services.AddSingleton<SmtpEmailSender>();
        }
        // Without SMTP the channel accepts into the development outbox.
        builder.Services.AddNotificationChannel(EmailChannel.Description, services => new EmailChannel(
            configured ? services.GetRequiredService<SmtpEmailSender>() : null, services.GetRequiredService<EscalationEmailComposer>(),
            services.GetRequiredService<VerifyEmailComposer>(), services.GetRequiredService<CallbackReminderEmailComposer>(), services.GetRequiredService<AcknowledgeTokens>(), services.GetRequiredService<PublicUrls>()));

        builder.Services.AddLinkLanguage(AcknowledgePath, (services, token) =>
            services.GetRequiredService<AcknowledgeTokens>().Read(token, out var claims) != TokenValidity.Invalid ? claims?.Language : null);
        return builder;
    }

    /// <summary>
    /// A page under <paramref name="path"/> opened from an e-mail speaks the recipient's language, which the signed
    /// link carries (<paramref name="languageOf"/> reads it from the token), not whatever the browser that opens it
    /// (or a cookie from another session) prefers.
    /// </summary>
    public static IServiceCollection AddLinkLanguage(this IServiceCollection services, PathString path, Func<IServiceProvider, string, string?> languageOf) =>
        services.PostConfigure<RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(0,
            new CustomRequestCultureProvider(context => Task.FromResult(RecipientCulture(context, path, languageOf)))));

    public static WebApplication MapEmailChannel(this WebApplication app) => app;

    private static ProviderCultureResult? RecipientCulture(HttpContext context, PathString path, Func<IServiceProvider, string, string?> languageOf)
    {
        if (!context.Request.Path.StartsWithSegments(path, out var rest) || rest.Value is not { Length: > 1 } token)
        {
            return null;
        }
        return languageOf(context.RequestServices, token.TrimStart('/')) is { } language ? new ProviderCultureResult(language) : null;
    }
}
