using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Features.Tenancy;

public static class TenancyRegistration
{
    /// <summary>Who is asking, per scope: set from the request's user (<see cref="UseTenantContext"/>) and the circuit's (<see cref="TenantCircuitHandler"/>).</summary>
    public static IHostApplicationBuilder AddTenancy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddScoped<TenantScope>();
        builder.Services.AddScoped<TenantDirectory>();
        builder.Services.AddScoped<CircuitHandler, TenantCircuitHandler>();
        return builder;
    }

    /// <summary>Makes the request's user the tenant context of its scope; runs after authorization so API key users count too.</summary>
    public static IApplicationBuilder UseTenantContext(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await context.RequestServices.GetRequiredService<TenantScope>()
                .ApplyAsync(context.RequestServices.GetRequiredService<TenantContext>(), context.User, context.RequestAborted);
            await next(context);
        });
}
