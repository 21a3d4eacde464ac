using Dashboard.Features.AccountManagement.Hours;
using Dashboard.Features.AccountManagement.Tenants;

namespace Dashboard.Features.AccountManagement;

public static class AccountManagementRegistration
{
    /// <summary>The account-manager console's services (tenants list, hours); contacts are Contacts' (AddContacts).</summary>
    public static IHostApplicationBuilder AddAccountManagement(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AccountManagementOptions>().Bind(builder.Configuration.GetSection(AccountManagementOptions.Section))
            .Validate(o => o.UnacknowledgedAfterMinutes is > 0 and <= 24 * 60, "AccountManagement:UnacknowledgedAfterMinutes must be between 1 and 1440.")
            .ValidateOnStart();
        builder.Services.AddScoped<TenantHealthQuery>();
        builder.Services.AddScoped<ManagedTenantQueries>();
        builder.Services.AddScoped<Policies.PolicySaving>();
        builder.Services.AddScoped<HoursEditor>();
        return builder;
    }

    /// <summary>The tenants list's figures in the API (<c>GET /api/v1/tenants/{tenant}/figures</c>).</summary>
    public static IEndpointRouteBuilder MapAccountManagement(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapTenantFiguresApi();
    }
}
