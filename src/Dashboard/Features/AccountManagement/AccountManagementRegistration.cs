using Dashboard.Features.AccountManagement.Contacts;
using Dashboard.Features.AccountManagement.Hours;
using Dashboard.Features.AccountManagement.Tenants;
using Dashboard.Features.Notifications.Email;

namespace Dashboard.Features.AccountManagement;

public static class AccountManagementRegistration
{
    /// <summary>Where a test e-mail's "this address works" link points.</summary>
    public const string VerifyPath = "/verify";

    /// <summary>The account-manager console's services (tenants list, contacts, hours) and the staff self-service page's.</summary>
    public static IHostApplicationBuilder AddAccountManagement(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AccountManagementOptions>().Bind(builder.Configuration.GetSection(AccountManagementOptions.Section))
            .Validate(o => o.UnacknowledgedAfterMinutes is > 0 and <= 24 * 60, "AccountManagement:UnacknowledgedAfterMinutes must be between 1 and 1440.")
            .ValidateOnStart();
        builder.Services.AddScoped<TenantHealthQuery>();
        builder.Services.AddScoped<ManagedTenantQueries>();
        builder.Services.AddScoped<Policies.PolicySaving>();
        builder.Services.AddScoped<ContactEditor>();
        builder.Services.AddScoped<ContactTester>();
        builder.Services.AddScoped<ContactVerification>();
        builder.Services.AddSingleton<VerifyTokens>();
        builder.Services.AddSingleton<VerifyEmailComposer>();
        builder.Services.AddScoped<VerifyLinks>();
        builder.Services.AddLinkLanguage(VerifyPath, (services, token) =>
            services.GetRequiredService<VerifyTokens>().Read(token, out var claims) != TokenValidity.Invalid ? claims?.Language : null);
        builder.Services.AddScoped<HoursEditor>();
        return builder;
    }
}
