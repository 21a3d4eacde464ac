namespace Dashboard.Tests.Infrastructure;

/// <summary>Waits on a condition over what the app wrote, never for a fixed time: background work finishes when it does.</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Reads until <paramref name="done"/> holds, and returns what satisfied it; fails after <paramref name="patience"/> (default <see cref="Patience"/>).</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTimeOffset.UtcNow + (patience ?? Patience);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(100, cancellationToken);
        }
    }
}
