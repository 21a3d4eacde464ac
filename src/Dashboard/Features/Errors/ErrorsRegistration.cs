namespace Dashboard.Features.Errors;

/// <summary>
/// The same error handling in every environment (Development too, which `./dashboard.sh run` uses): the API answers
/// problem documents, pages the app's own error page, and nothing shows an exception, a stack trace or a header.
/// </summary>
public static class ErrorsRegistration
{
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        // The default writer adds the trace id, which finds the request in the log; nothing else is added.
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
        return builder;
    }

    public static IApplicationBuilder UseErrorHandling(this IApplicationBuilder app)
    {
        // Inside the developer exception page WebApplication adds in Development, so that page never sees an exception.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            CreateScopeForErrors = true,
            StatusCodeSelector = DependencyFailures.StatusCodeFor,
        });
        // An empty error answer on the API (401, 404, 405...) gets a problem document; pages keep the plain status page.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (ApiRequests.IsApi(http.Request))
            {
                if (await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http }))
                {
                    return;
                }
            }
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Status Code: {http.Response.StatusCode}; {ReasonPhrase(http.Response.StatusCode)}"));
        });
        return app;
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
