namespace Dashboard.Components.Pages;

/// <summary>Unknown addresses: a person's browser gets the app's not-found page, a program keeps RFC 9457 problem details.</summary>
public static class NotFoundPages
{
    /// <summary>
    /// Placed after <c>UseStatusCodePages()</c> and before <c>UseRouting()</c> (the re-run must be routed again): for a
    /// browser's GET of a page (Accept: text/html, outside /api) an empty error response is re-run as /not-found, status
    /// kept; everything else falls through to the problem-details writer.
    /// </summary>
    public static IApplicationBuilder UseNotFoundPageForBrowsers(this IApplicationBuilder app) =>
        app.UseWhen(IsBrowserPageRequest, branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

    private static bool IsBrowserPageRequest(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api")
        && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
