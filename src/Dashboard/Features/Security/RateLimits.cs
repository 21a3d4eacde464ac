using System.Globalization;
using System.Threading.RateLimiting;
using Dashboard.Features.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Security;

/// <summary>
/// ASP.NET Core's rate limiter on what an attacker can repeat: the sign-in form and the public link pages (by
/// endpoint policy, POSTs only), plus two limiters the code asks directly: sign-in per account and failed API keys
/// per client. Each answers 429 with Retry-After; on the API as a problem document.
/// </summary>
public static class RateLimits
{
    public const string SignInPolicy = "sign-in";
    public const string LinkPostPolicy = "link-posts";

    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddSingleton<AccountThrottle>();
        builder.Services.AddSingleton<FailedApiKeyThrottle>();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(SignInPolicy, context => PerClientPost(context, o => o.SignInPerClientPerMinute));
            options.AddPolicy(LinkPostPolicy, context => PerClientPost(context, o => o.LinkPostsPerClientPerMinute));
            options.OnRejected = (context, cancellationToken) =>
                new ValueTask(RejectAsync(context.HttpContext, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1)));
        });
        return builder;
    }

    /// <summary>The client's address as the app sees it: behind a configured proxy, the forwarded one.</summary>
    public static string ClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
    };

    /// <summary>Answers 429 with Retry-After: a problem document on the API, a short text elsewhere.</summary>
    public static async Task RejectAsync(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // The status code pages must not replace the answer.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        if (ApiRequests.IsApi(context.Request)
            && await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = text["Api_TooManyRequests"], Detail = text["RateLimit_RetryAfter", seconds] },
            }))
        {
            return;
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text["RateLimit_RetryAfter", seconds]);
    }

    private static RateLimitPartition<string> PerClientPost(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        var limit = permits(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => PerMinute(limit));
    }
}

/// <summary>Sign-in attempts per account, whatever the client: slows guessing one account's password from many addresses.</summary>
public sealed class AccountThrottle(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => RateLimits.PerMinute(options.Value.SignInPerAccountPerMinute)));

    /// <summary>Takes one attempt for the account (normalized e-mail); false with how long to wait when its minute is used up.</summary>
    public bool TryAcquire(string account, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var lease = limiter.AttemptAcquire(account.Trim().ToUpperInvariant());
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}

/// <summary>
/// Failed API-key authentications per client: each failure takes a permit, and once none is left the key is not even
/// looked at until the window passes, so guessing is capped. A client with a valid key is never slowed.
/// </summary>
public sealed class FailedApiKeyThrottle(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => RateLimits.PerMinute(options.Value.FailedApiKeysPerClientPerMinute)));

    /// <summary>Whether the client has failures left this window (takes none); when not, how long until it has.</summary>
    public bool MayTry(string client, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(client, 0);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void RecordFailure(string client)
    {
        using var lease = limiter.AttemptAcquire(client);
    }

    public void Dispose() => limiter.Dispose();
}
