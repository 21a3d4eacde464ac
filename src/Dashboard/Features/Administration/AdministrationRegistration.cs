using Dashboard.Features.Accounts;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Dashboard.Features.Administration;

public static class AdministrationRegistration
{
    /// <summary>Hangfire's dashboard, for Admins.</summary>
    public const string JobsPath = "/jobs";

    /// <summary>
    /// Needs AddAccounts and AddEscalation first (it says so at start-up otherwise): it tightens the sign-in cookie and
    /// the circuits' user to "still active, same stamp" through Accounts' extension point (UseUserStandingCheck), and
    /// points Hangfire's global configuration at the static instance.
    /// </summary>
    public static IHostApplicationBuilder AddAdministration(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(JobStorage)))
        {
            throw new InvalidOperationException("Call AddEscalation before AddAdministration: the jobs dashboard needs its Hangfire storage.");
        }
        services.AddSingleton<ActiveUsers>();
        services.UseUserStandingCheck<ActiveUserSignInManager, ActiveUserAuthenticationStateProvider>();
        services.ConfigureApplicationCookie(options => options.Events.OnValidatePrincipal = ActiveUserCookieValidation.ValidateAsync);
        services.AddScoped<UserAdministration>();
        services.AddScoped<TenantAdministration>();
        services.AddScoped<AuditReader>();
        // MapHangfireDashboard resolves IGlobalConfiguration only to check that AddHangfire ran. Hangfire's own factory
        // for it would point the static log provider at this host's logger factory, which dies with this host and then
        // breaks every other host in the process (tests, benchmarks). The plain static instance passes the check.
        services.Replace(ServiceDescriptor.Singleton<IGlobalConfiguration>(_ => GlobalConfiguration.Configuration));
        return builder;
    }

    public static WebApplication MapAdministration(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // This host's own storage, never JobStorage.Current: two hosts in one process must not show each other's jobs.
        var storage = app.Services.GetRequiredService<JobStorage>();
        app.MapHangfireDashboard(JobsPath, new DashboardOptions
        {
            Authorization = [new JobsDashboardAuthorization()],
            AppPath = "/",
            DisplayStorageConnectionString = false,
        }, storage).RequireAuthorization(AuthPolicies.Admin);
        return app;
    }
}
