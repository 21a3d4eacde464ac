using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Errors;

/// <summary>
/// Answers an unhandled exception with the status the exception handler chose. The API gets a problem document;
/// a page whose dependency is away gets a small page of its own (the app's error page needs the sign-in check,
/// which needs the database); other page errors fall through to the app's error page (/Error). Only a localized
/// title and the trace id leave the server: never the exception, its stack trace or the request's headers.
/// </summary>
public sealed partial class UnhandledExceptionHandler(IProblemDetailsService problems, IStringLocalizer<SharedResource> text, ILogger<UnhandledExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var status = httpContext.Response.StatusCode;
        // By now the request's path is the error page's: the path the client asked for is kept aside.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : httpContext.Request.Path;
        var unavailable = status == StatusCodes.Status503ServiceUnavailable;
        if (unavailable)
        {
            LogUnavailable(logger, exception, path);
            httpContext.Response.Headers.RetryAfter = ((int)DependencyFailures.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        if (ApiRequests.IsApi(path))
        {
            var title = status switch
            {
                StatusCodes.Status503ServiceUnavailable => text["Api_ServiceUnavailable"],
                StatusCodes.Status413PayloadTooLarge => text["Api_BodyTooLarge"],
                StatusCodes.Status400BadRequest when DependencyFailures.IsUnstorableText(exception) => text["Validation_InvalidCharacter"],
                >= 400 and < 500 => text["Api_BadRequest"],
                _ => text["Api_ServerError"],
            };
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails { Status = status, Title = title },
            });
        }
        if (!unavailable)
        {
            return false;
        }
        var html = HtmlEncoder.Default;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>{html.Encode(text["Error_Title"])}</title><link rel="stylesheet" href="/app.css" /></head>
            <body><main data-testid="error-page" style="max-width:40rem;margin:3rem auto;padding:0 1rem;font-family:sans-serif"><h1>{html.Encode(text["Error_Title"])}</h1><p>{html.Encode(text["Error_Unavailable"])}</p><p><small>Request ID: <code>{html.Encode(httpContext.TraceIdentifier)}</code></small></p></main></body>
            </html>
            """), cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dependency is unavailable; {Path} answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, PathString path);
}
