using System.Globalization;
using System.Resources;
using Dashboard.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

[assembly: NeutralResourcesLanguage("ja")]

namespace Dashboard.Features.Localization;

public static class LocalizationRegistration
{
    public static readonly string[] SupportedCultures = ["ja", "en"];
    public const string DefaultCulture = "ja";

    public static IHostApplicationBuilder AddDashboardLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.AddScoped<CircuitCulture>();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(DefaultCulture)
                .AddSupportedCultures(SupportedCultures)
                .AddSupportedUICultures(SupportedCultures);
            // Pages are Japanese unless the user chose English (cookie, remembered on their account).
            // Programs calling the API may ask for English problem details with Accept-Language.
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(async context =>
                    context.Request.Path.StartsWithSegments("/api")
                        ? await new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(context)
                        : null),
            ];
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboardLocalization(this IEndpointRouteBuilder app)
    {
        // A full page load applies the new culture to the circuit; the choice is stored on the user as well as in the cookie.
        app.MapGet("/culture/set", async (string culture, string? redirectUri, HttpContext context, UserManager<ApplicationUser> users) =>
        {
            if (!SupportedCultures.Contains(culture))
            {
                return Results.BadRequest();
            }
            WriteCultureCookie(context, culture);
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
            {
                user.PreferredCulture = culture;
                await users.UpdateAsync(user);
            }
            return Results.LocalRedirect(LocalUrl.IsLocalPath(redirectUri) ? redirectUri! : "/");
        }).ExcludeFromDescription();
        return app;
    }

    public static void WriteCultureCookie(HttpContext context, string culture)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddYears(1),
                IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps,
            });
    }

    public static CultureInfo Current => CultureInfo.CurrentUICulture;
}
