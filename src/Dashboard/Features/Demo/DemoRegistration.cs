using Dashboard.Features.Tenancy;

namespace Dashboard.Features.Demo;

public static class DemoRegistration
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }

    /// <summary>Only when Dashboard:SeedDemo is true, which only the local run script sets.</summary>
    public static async Task SeedDemoIfConfiguredAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>("Dashboard:SeedDemo"))
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
    }
}
