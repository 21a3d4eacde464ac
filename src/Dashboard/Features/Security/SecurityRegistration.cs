namespace Dashboard.Features.Security;

public static class SecurityRegistration
{
    /// <summary>Forwarded headers from known proxies, rate limits, cookies that are Secure whenever the request is https.</summary>
    public static IHostApplicationBuilder AddWebSecurity(this IHostApplicationBuilder builder)
    {
        builder.AddForwardedHeaders();
        builder.AddRateLimits();
        builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        return builder;
    }

    /// <summary>First in the pipeline: the real client and scheme, then headers on every answer (errors too).</summary>
    public static IApplicationBuilder UseWebSecurity(this IApplicationBuilder app, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        // Outside Development only: a developer's browser must not remember https for localhost (sent on https requests only).
        if (!environment.IsDevelopment())
        {
            app.UseHsts();
        }
        return app;
    }
}
