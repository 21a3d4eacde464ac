using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>Small per-client limits (everything from a test comes from 127.0.0.1); per account stays generous.</summary>
public sealed class ClientLimitFixture : AppFixture
{
    public const int Limit = 3;

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["RateLimiting:SignInPerClientPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["RateLimiting:FailedApiKeysPerClientPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["RateLimiting:LinkPostsPerClientPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A small per-account sign-in limit; per client stays generous.</summary>
public sealed class AccountLimitFixture : AppFixture
{
    public const int Limit = 3;

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["RateLimiting:SignInPerAccountPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ValueTask.CompletedTask;
    }
}
