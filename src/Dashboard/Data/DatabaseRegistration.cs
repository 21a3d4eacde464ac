using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Data;

public static class DatabaseRegistration
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Dashboard")
            ?? throw new InvalidOperationException("ConnectionStrings:Dashboard is not set.");
        var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
        builder.Services.AddSingleton(dataSource);
        // Scoped factory: each context it makes is built in the caller's scope and so sees that scope's TenantContext.
        builder.Services.AddDbContextFactory<AppDbContext>(
            options => options.UseNpgsql(dataSource),
            ServiceLifetime.Scoped);
        builder.Services.AddSingleton(TimeProvider.System);
        // Every node signs cookies and antiforgery tokens with the same keys, kept in the one database.
        builder.Services.AddDataProtection().SetApplicationName("Dashboard").PersistKeysToDbContext<AppDbContext>();
        return builder;
    }

    /// <summary>Applies pending migrations when Dashboard:MigrateOnStartup is true (the local run and tests; production migrates as a deploy step).</summary>
    public static async Task MigrateIfConfiguredAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>("Dashboard:MigrateOnStartup"))
        {
            return;
        }
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>()
            .CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
