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
        var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare"))
        {
            // The same few dozen statements run on every request; planning them each time cost PostgreSQL more CPU than
            // running them (decision 22). "Max Auto Prepare=0" in the connection string turns this off.
            dataSourceBuilder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        var dataSource = dataSourceBuilder.Build();
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

    /// <summary>How many distinct statements each connection keeps prepared when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    private static bool Mentions(string connectionString, string keyword)
    {
        static string Squeeze(string key) => key.Replace(" ", "", StringComparison.Ordinal);
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.Keys.Cast<string>().Any(key => string.Equals(Squeeze(key), Squeeze(keyword), StringComparison.OrdinalIgnoreCase));
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
