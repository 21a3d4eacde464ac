using Dashboard.Features.Accounts;

namespace Dashboard.Features.LiveFeed;

/// <summary>
/// Calls into the browser that are nice to have (the urgent alert's sound and notification): started and not awaited,
/// given up after <see cref="Timeout"/>, and skipped while the browser is disconnected. Blazor's own interop timeout is
/// 60 s, and a closed or frozen tab would otherwise hold whoever awaits the call that long.
/// </summary>
public sealed partial class BrowserCalls(CircuitConnection connection, TimeProvider time, ILogger<BrowserCalls> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Starts <paramref name="call"/> unless the browser is gone; returns whether it was started.</summary>
    public bool FireAndForget(Func<CancellationToken, ValueTask> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!connection.IsUp)
        {
            return false;
        }
        _ = RunAsync(call);
        return true;
    }

    private async Task RunAsync(Func<CancellationToken, ValueTask> call)
    {
        using var timeout = new CancellationTokenSource(Timeout, time);
        try
        {
            await call(timeout.Token);
        }
        catch (Exception ex)
        {
            // Nobody awaits this call: a failure (timeout, tab gone, circuit disposed) is only logged.
            LogBrowserCallFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A browser call gave up (the tab is closed, frozen or slow)")]
    private static partial void LogBrowserCallFailed(ILogger logger, Exception ex);
}
