using Dashboard.Features.Escalation;
using Dashboard.Features.LiveFeed;
using Npgsql;

namespace Dashboard.Features.Health;

public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Alive: the process answers. No dependency is checked, so a database outage never restarts the app.
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();

        // Ready to take traffic: the database answers a trivial query within two seconds, this node LISTENs for the
        // feed (else its watchers would miss pushes), and, on a node that runs jobs, its Hangfire server has a heartbeat.
        app.MapGet("/readyz", async (NpgsqlDataSource dataSource, PostgresFeedListener listener, IServiceProvider services,
            TimeProvider time, CancellationToken cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CheckTimeout);
            try
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(timeout.Token);
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return Unready("Database unreachable");
            }
            if (!listener.IsListening)
            {
                return Unready("Feed listener not listening");
            }
            if (services.GetService<HangfireServerHost>() is { } jobServer)
            {
                bool alive;
                try
                {
                    // Hangfire's monitoring API is synchronous: kept off the request thread and within the same two seconds.
                    alive = await Task.Run(() => jobServer.HasRecentHeartbeat(time.GetUtcNow().UtcDateTime), timeout.Token).WaitAsync(timeout.Token);
                }
                catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
                {
                    alive = false;
                }
                if (!alive)
                {
                    return Unready("Job server has no recent heartbeat");
                }
            }
            return Results.Text("ready");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Unready(string title) => Results.Problem(title: title, statusCode: StatusCodes.Status503ServiceUnavailable);
}
