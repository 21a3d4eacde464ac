namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>「折り返す」 through the service's number: the tenant's caller ID, the bridge call and its Twilio webhooks, the dev outbox page.</summary>
public static class BridgeRegistration
{
    public static IHostApplicationBuilder AddCallbackBridge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<BridgeScript>();
        builder.Services.AddScoped<BridgeOutcomes>();
        builder.Services.AddScoped<BridgeCalls>();
        builder.Services.AddScoped<BridgeOutbox>();
        builder.Services.AddScoped<CallerIdSettings>();
        return builder;
    }

    /// <summary>Always mapped, like the phone channel's: without an auth token no signature is valid, so they refuse everything.</summary>
    public static WebApplication MapCallbackBridge(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapBridgeWebhooks();
        return app;
    }
}
