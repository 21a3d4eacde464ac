using Dashboard.Features.LiveFeed;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Npgsql;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// NOTIFY has no replay: when the listener's connection dies, the node reconnects, LISTENs again and tells
/// every watcher to reload ("resync"). Pushes flow again afterwards.
/// </summary>
public sealed class FeedListenerResyncTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Kills this app's listener connection (this test database only: other classes run in parallel on the same
    /// server). Its last statement is the LISTEN, or the idle ping if it has been quiet for a while; Hangfire's own
    /// LISTEN (new_job, which wakes its workers) is left alone.
    /// </summary>
    private async Task<int> KillListenerConnectionAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString + ";Pooling=false");
        await connection.OpenAsync(Cancellation);
        await using var kill = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))
            FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND ((query LIKE 'LISTEN%' AND query NOT LIKE '%new_job%') OR query = 'SELECT 1')
            """, connection);
        return Convert.ToInt32(await kill.ExecuteScalarAsync(Cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ListenerConnectionKilled_ListenerReconnects_HubGetsResync_AndLaterMessagesStillArrive()
    {
        await using var hub = await FeedHubClient.ConnectAsync(fixture.App.BaseAddress, apiKey: TestWorld.TenantAKey);
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var beforeKill = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "切断前");
        await hub.WaitForAsync(MessagesHub.CreatedEvent, beforeKill.Id);
        Assert.Equal(0, hub.ResyncCount);

        Assert.Equal(1, await KillListenerConnectionAsync());

        await hub.WaitForResyncAsync();
        var afterKill = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "切断後");
        var heard = await hub.WaitForAsync(MessagesHub.CreatedEvent, afterKill.Id);
        Assert.Equal(afterKill.Subject, heard.Subject);
        Assert.Equal(1, hub.ResyncCount);
    }
}
