using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Features.Accounts;

public static class AccountsRegistration
{
    /// <summary>Picks the API key scheme when a key is presented, the Identity cookie otherwise.</summary>
    public const string BrowserOrKeyScheme = "BrowserOrKey";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<CircuitConnection>();
        services.AddSingleton<OpenCircuits>();
        services.AddScoped<SignInTiming>();
        services.AddScoped<UserPreferences>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(BrowserOrKeyScheme, BrowserOrKeyScheme, options =>
                options.ForwardDefaultSelector = context => ApiKeyScheme.PresentedKey(context.Request) is null
                    ? IdentityConstants.ApplicationScheme
                    : ApiKeyScheme.Name)
            // The key scheme itself is ApiKeys' (AddApiKeys).
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            // Secure whenever the request is https, which behind a proxy the forwarded headers tell.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Programs get status codes, not a redirect to a sign-in page.
            options.Events.OnRedirectToLogin = context => RedirectOrStatusAsync(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatusAsync(context, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Password.RequiredLength = 10;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DashboardUserClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.FeedReader, p => p
                .AddAuthenticationSchemes(BrowserOrKeyScheme)
                .RequireRole(Roles.ClientStaff, Roles.Operator, Roles.AccountManager, Roles.Admin, Roles.OperatorCentre, Roles.TenantApi))
            .AddPolicy(AuthPolicies.MessageIntake, p => p
                .AddAuthenticationSchemes(ApiKeyScheme.Name)
                .RequireRole(Roles.OperatorCentre))
            .AddPolicy(AuthPolicies.MessageApi, p => p
                .AddAuthenticationSchemes(ApiKeyScheme.Name)
                .RequireRole(Roles.OperatorCentre, Roles.TenantApi))
            .AddPolicy(AuthPolicies.OperatorConsole, p => p.RequireRole(Roles.Operator, Roles.Admin))
            .AddPolicy(AuthPolicies.ManageTenants, p => p.RequireRole(Roles.AccountManager, Roles.Admin))
            .AddPolicy(AuthPolicies.ClientFeed, p => p.RequireRole(Roles.ClientStaff))
            .AddPolicy(AuthPolicies.Admin, p => p.RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>
    /// The extension point for a feature that decides whether a signed-in user still stands (Administration:
    /// active, same security stamp): its sign-in manager and its circuits' authentication state provider take the
    /// place of Identity's and Blazor's defaults. Explicit, so it is not a silent replacement: it fails at start-up
    /// if AddAccounts has not run yet, and a second call is refused.
    /// </summary>
    public static IServiceCollection UseUserStandingCheck<TSignInManager, TStateProvider>(this IServiceCollection services)
        where TSignInManager : SignInManager<ApplicationUser>
        where TStateProvider : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(SignInManager<ApplicationUser>)))
        {
            throw new InvalidOperationException("Call AddAccounts before UseUserStandingCheck: it replaces the sign-in manager AddAccounts registers.");
        }
        if (services.Any(d => d.ServiceType == typeof(UserStandingCheck)))
        {
            throw new InvalidOperationException($"A user standing check is already in place ({services.First(d => d.ServiceType == typeof(UserStandingCheck)).ImplementationInstance}).");
        }
        services.AddSingleton(new UserStandingCheck(typeof(TSignInManager).Name));
        services.Replace(ServiceDescriptor.Scoped<SignInManager<ApplicationUser>, TSignInManager>());
        services.Replace(ServiceDescriptor.Scoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, TStateProvider>());
        return services;
    }

    /// <summary>Marks that <see cref="UseUserStandingCheck"/> ran, and by whom.</summary>
    private sealed record UserStandingCheck(string By)
    {
        public override string ToString() => By;
    }

    private static Task RedirectOrStatusAsync(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (Errors.ApiRequests.IsApi(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
