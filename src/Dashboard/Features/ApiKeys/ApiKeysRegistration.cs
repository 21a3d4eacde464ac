using Microsoft.AspNetCore.Authentication;

namespace Dashboard.Features.ApiKeys;

public static class ApiKeysRegistration
{
    /// <summary>Keys for programs: the service, and the scheme Accounts' policies name (<see cref="Accounts.ApiKeyScheme"/>).</summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Accounts.ApiKeyScheme.Name, null);
        return builder;
    }
}
