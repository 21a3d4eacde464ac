using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL, started by ./dashboard.sh test. The schema is migrated once into a template database;
/// every fixture then gets its own database cloned from it (CREATE DATABASE ... TEMPLATE, a few hundred ms).
/// </summary>
public static class TestDatabase
{
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("DASHBOARD_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55433;Username=postgres";

    private static readonly string TemplateName = $"dashboard_template_{Environment.ProcessId}";
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static bool templateReady;

    public static async Task<string> CreateAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTemplateAsync(cancellationToken);
        var name = $"dashboard_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateName}\"", cancellationToken);
        return ConnectionStringFor(name);
    }

    public static async Task DropAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    public static AppDbContext CreateSystemContext(string connectionString)
    {
        var tenant = new TenantContext();
        tenant.SetSystem();
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options;
        return new AppDbContext(options, tenant);
    }

    private static async Task EnsureTemplateAsync(CancellationToken cancellationToken)
    {
        await TemplateGate.WaitAsync(cancellationToken);
        try
        {
            if (templateReady)
            {
                return;
            }
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)", cancellationToken);
            await ExecuteOnServerAsync($"CREATE DATABASE \"{TemplateName}\"", cancellationToken);
            var connectionString = ConnectionStringFor(TemplateName);
            await using (var db = CreateSystemContext(connectionString))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            // A template may have no open connections while it is being copied.
            NpgsqlConnection.ClearAllPools();
            templateReady = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropTemplate();
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static void DropTemplate()
    {
        try
        {
            using var connection = new NpgsqlConnection(ServerConnectionString + ";Database=postgres;Pooling=false");
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The server may already be stopping; the next run drops leftovers of its own name only.
        }
    }

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, MaxPoolSize = 50 }.ConnectionString;

    private static async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
