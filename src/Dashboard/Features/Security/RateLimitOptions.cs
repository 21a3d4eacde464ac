namespace Dashboard.Features.Security;

/// <summary>
/// `RateLimiting:*`: how many tries a client (by IP address, after forwarded headers) or an account gets per
/// minute before it is answered 429 with Retry-After. Generous for people, tight for scripts.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sign-in form posts per client IP.</summary>
    public int SignInPerClientPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts per account (the e-mail typed, known or not, so the limit reveals nothing).</summary>
    public int SignInPerAccountPerMinute { get; set; } = 5;

    /// <summary>Failed API-key authentications per client IP; a valid key is never counted.</summary>
    public int FailedApiKeysPerClientPerMinute { get; set; } = 20;

    /// <summary>Posts to the public link pages (/ack, /verify) per client IP.</summary>
    public int LinkPostsPerClientPerMinute { get; set; } = 20;
}
