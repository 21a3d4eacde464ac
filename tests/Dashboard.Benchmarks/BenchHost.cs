using Dashboard.Data;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// A throw-away database on the given PostgreSQL server, migrated, and the real app serving it on a Kestrel port,
/// seeded with one tenant, an operator-centre key and a tenant key.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string TenantSlug = "bench-clinic";
    public const string OperatorKey = "dsk_bench_operator_centre";
    public const string TenantKey = "dsk_bench_tenant";

    private readonly string serverConnectionString;
    private readonly bool keepDatabase;
    private readonly App app;

    private BenchHost(string serverConnectionString, string databaseName, bool keepDatabase, string appConnectionOptions, IReadOnlyDictionary<string, string?> settings)
    {
        this.serverConnectionString = serverConnectionString;
        this.keepDatabase = keepDatabase;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
        app = new App(string.IsNullOrWhiteSpace(appConnectionOptions) ? ConnectionString : $"{ConnectionString};{appConnectionOptions}", settings);
    }

    public string DatabaseName { get; }
    public string ConnectionString { get; }
    public Uri BaseAddress { get; private set; } = default!;
    public IServiceProvider Services => app.Services;
    public Guid TenantId { get; private set; }

    /// <summary>The database already holds the volume data of the requested sizes (<c>--volume-database</c>, reused).</summary>
    public bool VolumeSeeded { get; private set; }

    public static Task<BenchHost> StartAsync(Options options, CancellationToken cancellationToken) =>
        StartAsync(options, new Dictionary<string, string?>(), cancellationToken);

    /// <summary>
    /// The host the volume, report and history sections seed into: a throw-away database, or with
    /// <c>--volume-database NAME</c> that database, kept, and reused without seeding when <see cref="VolumeSeeder"/>
    /// recorded the same sizes in it (other sizes, or a seeding that never finished: dropped and seeded again).
    /// </summary>
    public static async Task<BenchHost> StartVolumeAsync(Options options, VolumeSeeder.Scale scale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.VolumeDatabase is not { } name)
        {
            return await StartAsync(options, cancellationToken);
        }
        var exists = await ScalarOnServerAsync(options.Postgres, $"SELECT count(*) FROM pg_database WHERE datname = '{name}'", cancellationToken) == "1";
        var host = new BenchHost(options.Postgres, name, keepDatabase: true, options.AppConnectionOptions, new Dictionary<string, string?>());
        try
        {
            host.VolumeSeeded = exists && await VolumeSeeder.HoldsAsync(host.ConnectionString, scale, cancellationToken);
            if (!host.VolumeSeeded)
            {
                await ExecuteOnServerAsync(options.Postgres, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
                await ExecuteOnServerAsync(options.Postgres, $"CREATE DATABASE \"{name}\"", cancellationToken);
            }
            await host.MigrateAsync(cancellationToken);
            host.app.StartServer();
            host.BaseAddress = host.app.ClientOptions.BaseAddress;
            await host.Services.GetRequiredService<PostgresFeedListener>().Listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (host.VolumeSeeded)
            {
                await host.FindSeededTenantAsync(cancellationToken);
            }
            else
            {
                await host.SeedAsync(cancellationToken);
            }
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>With <c>settings</c>: app configuration keys on top of the deployed defaults (the lateness benchmark's stock Hangfire run).</summary>
    public static async Task<BenchHost> StartAsync(Options options, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = $"dashboard_bench_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        await ExecuteOnServerAsync(options.Postgres, $"CREATE DATABASE \"{name}\"", cancellationToken);
        var host = new BenchHost(options.Postgres, name, options.KeepDatabase, options.AppConnectionOptions, settings);
        try
        {
            await host.MigrateAsync(cancellationToken);
            host.app.StartServer();
            host.BaseAddress = host.app.ClientOptions.BaseAddress;
            // Pushes are only heard once the node LISTENs: wait for that, not for a fixed time.
            await host.Services.GetRequiredService<PostgresFeedListener>().Listening.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            await host.SeedAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient(string apiKey, int maxConnections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (!keepDatabase)
        {
            await ExecuteOnServerAsync(serverConnectionString, $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    /// <summary>
    /// The app's own migrations, applied here rather than by Dashboard:MigrateOnStartup only because EF logs its
    /// probe of the not-yet-existing history table as an error, which reads like a failure in the report.
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var tenant = new TenantContext();
        tenant.SetSystem();
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(ConnectionString).Options, tenant);
        await db.Database.MigrateAsync(cancellationToken);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        var tenant = new Tenant { Slug = TenantSlug, DisplayName = "ベンチ歯科" };
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(cancellationToken);
        }
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        await keys.CreateAsync("Bench centre", ApiKeyScope.OperatorCentre, null, cancellationToken, OperatorKey);
        await keys.CreateAsync("Bench tenant", ApiKeyScope.Tenant, tenant.Id, cancellationToken, TenantKey);
        TenantId = tenant.Id;
    }

    private async Task FindSeededTenantAsync(CancellationToken cancellationToken)
    {
        var tenant = new TenantContext();
        tenant.SetSystem();
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(ConnectionString).Options, tenant);
        TenantId = await db.Tenants.Where(t => t.Slug == TenantSlug).Select(t => t.Id).SingleAsync(cancellationToken);
    }

    public static async Task<string> ScalarOnServerAsync(string serverConnectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static Task ExecuteOnServerAsync(string serverConnectionString, string sql, CancellationToken cancellationToken) =>
        ScalarOnServerAsync(serverConnectionString, sql, cancellationToken);

    /// <summary>The app as deployed (Production environment, no demo data), on a real port.</summary>
    private sealed class App : WebApplicationFactory<Program>
    {
        private readonly string connectionString;
        private readonly IReadOnlyDictionary<string, string?> settings;

        public App(string connectionString, IReadOnlyDictionary<string, string?> settings)
        {
            this.connectionString = connectionString;
            this.settings = settings;
            UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Dashboard", connectionString);
            builder.UseSetting("Dashboard:MigrateOnStartup", "false");
            builder.UseSetting("Dashboard:SeedDemo", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // The fresh database has no key ring yet; the app's warning about storing its first key is noise here.
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
