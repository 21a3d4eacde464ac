using Dashboard.Features.Escalation;
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
        builder.Services.AddScoped<AcknowledgeLinks>();
        if (section.Get<SmtpOptions>()?.IsConfigured == true)
        {
            builder.Services.AddOptions<SmtpOptions>().Bind(section)
                .Validate(o => !o.Problems().Any(), "Smtp settings are incomplete: check Smtp:Port, Smtp:From, Smtp:UserName/Password.")
                .ValidateOnStart();
            builder.Services.AddScoped<INotificationSender, SmtpEmailSender>();
        }
        else
        {
            builder.Services.AddSingleton<INotificationSender>(new DevOutboxSender(NotificationChannel.Email));
        }

        // The acknowledge page speaks the recipient's language, which the signed link carries, not whatever
        // the browser that opens it (or a cookie from another session) prefers.
        builder.Services.PostConfigure<RequestLocalizationOptions>(o => o.RequestCultureProviders.Insert(0,
            new CustomRequestCultureProvider(context => Task.FromResult(RecipientCulture(context)))));
        return builder;
    }

    public static WebApplication MapEmailChannel(this WebApplication app) => app;

    private static ProviderCultureResult? RecipientCulture(HttpContext context)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments(AcknowledgePath, out var rest) || rest.Value is not { Length: > 1 } token)
        {
            return null;
        }
        var tokens = context.RequestServices.GetRequiredService<AcknowledgeTokens>();
        return tokens.Read(token.TrimStart('/'), out var claims) != TokenValidity.Invalid && claims is not null
            ? new ProviderCultureResult(claims.Language)
            : null;
    }
}
