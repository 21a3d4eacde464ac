using Npgsql;
using Respawn;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// One database and one running app per test class. <see cref="ResetAsync"/> empties every table (Respawn)
/// and seeds <see cref="TestWorld"/> again, so each test starts from the same known state.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    private Respawner? respawner;

    public string ConnectionString { get; private set; } = "";
    public DashboardApp App { get; private set; } = default!;
    public TestWorld World { get; private set; } = default!;

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateAsync();
        App = new DashboardApp(ConnectionString);
        await ConfigureAppAsync(App);
        await App.StartAsync();
        World = await TestWorld.SeedAsync(App.Services);
    }

    /// <summary>For fixtures that start a real part first (an SMTP server, a Twilio stub) and point the app at it.</summary>
    protected virtual ValueTask ConfigureAppAsync(DashboardApp app) => ValueTask.CompletedTask;

    public async Task ResetAsync()
    {
        // The app keeps working in the background (Hangfire jobs of the previous test, the feed listener), so a
        // reset can collide with its locks: such a collision is retried, never ignored.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                respawner ??= await Respawner.CreateAsync(connection, new RespawnerOptions
                {
                    DbAdapter = DbAdapter.Postgres,
                    // Running apps keep their data-protection key in memory; wiping it would split nodes started later.
                    TablesToIgnore = ["__EFMigrationsHistory", "DataProtectionKeys"],
                    // Hangfire's own schema holds its servers and locks; the app's jobs are keyed by ids that vanish anyway.
                    SchemasToInclude = ["public"],
                });
                await respawner.ResetAsync(connection);
                break;
            }
            catch (NpgsqlException ex) when (attempt < 3 && (ex is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected } || ex.InnerException is TimeoutException))
            {
            }
        }
        World = await TestWorld.SeedAsync(App.Services);
    }

    public Task<SignedInClient> SignInAsync(string email) => SignedInClient.CreateAsync(App.BaseAddress, email, TestWorld.Password);

    public HttpClient KeyClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public virtual async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await TestDatabase.DropAsync(ConnectionString);
        GC.SuppressFinalize(this);
    }
}
