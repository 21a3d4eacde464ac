namespace Dashboard.Features.Accounts;

/// <summary>
/// How a program presents an API key, and the name of the scheme that checks it. Accounts owns the contract
/// (its policies and the browser-or-key selector use it); ApiKeys registers the scheme (<c>AddApiKeys</c>).
/// </summary>
public static class ApiKeyScheme
{
    public const string Name = "ApiKey";

    /// <summary>The key in <c>Authorization: Bearer</c>, or the hub's <c>access_token</c> query parameter; null when none.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        if (request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token))
        {
            return token.ToString();
        }
        return null;
    }
}
