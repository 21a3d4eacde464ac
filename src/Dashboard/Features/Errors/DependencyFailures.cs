using System.Net.Sockets;
using Npgsql;

namespace Dashboard.Features.Errors;

/// <summary>
/// Tells "a dependency is away, retry later" (503) from a bug (500) and from input PostgreSQL cannot store (400),
/// wherever the exception came from: EF's retry strategy and the auth handlers wrap it, so the whole chain is read.
/// </summary>
public static class DependencyFailures
{
    /// <summary>How long a client is asked to wait: a PostgreSQL restart or failover takes seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // Connection lost, too many clients, the server shutting down or starting up.
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState is "57P01" or "57P02" or "57P03";
                case NpgsqlException:
                case TimeoutException:
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>A NUL or an untranslatable character that slipped past validation: the input's fault, not the server's.</summary>
    public static bool IsUnstorableText(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: "22021" or "22P05" })
            {
                return true;
            }
        }
        return false;
    }

    public static int StatusCodeFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ when IsUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        _ when IsUnstorableText(exception) => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
