using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Dashboard.Features.Accounts;
using Dashboard.Features.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.ApiKeys;

/// <summary>
/// "Authorization: Bearer &lt;key&gt;", or the access_token query parameter on the hub (WebSockets cannot
/// send headers from browsers and many clients). A tenant key becomes a principal with that tenant's claim,
/// so it meets the same query filters as a signed-in client staff member.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys, FailedApiKeyThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = ApiKeyScheme.Name;
    public const string KeyIdClaim = "dashboard:apikey";

    private const string ThrottledItem = "dashboard:apikey-throttled";

    public static string? PresentedKey(HttpRequest request) => ApiKeyScheme.PresentedKey(request);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }
        // Too many wrong keys from this client: this one is not even looked at until the window passes.
        var client = RateLimits.ClientOf(Context);
        if (!throttle.MayTry(client, out var retryAfter))
        {
            Context.Items[ThrottledItem] = retryAfter;
            return AuthenticateResult.Fail("Too many failed API keys from this client.");
        }
        var key = await keys.FindActiveAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            throttle.RecordFailure(client);
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var claims = new List<Claim>
        {
            new(KeyIdClaim, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
            new(DashboardClaims.DisplayName, key.Name),
            new(ClaimTypes.Role, key.Scope == ApiKeyScope.OperatorCentre ? Roles.OperatorCentre : Roles.TenantApi),
        };
        if (key.TenantId is { } tenantId)
        {
            claims.Add(new Claim(DashboardClaims.TenantId, tenantId.ToString("D", CultureInfo.InvariantCulture)));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledItem] is TimeSpan retryAfter)
        {
            return RateLimits.RejectAsync(Context, retryAfter);
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
