namespace Dashboard.Features.Errors;

/// <summary>Requests from programs (the API, the hub): they get status codes and problem documents, never pages or redirects.</summary>
public static class ApiRequests
{
    public static bool IsApi(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsApi(request.Path);
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");
}
