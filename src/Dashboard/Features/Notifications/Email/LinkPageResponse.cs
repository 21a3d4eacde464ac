using Microsoft.AspNetCore.Diagnostics;

namespace Dashboard.Features.Notifications.Email;

/// <summary>How a page opened from an e-mail link answers: with its own status code and its own friendly text.</summary>
public static class LinkPageResponse
{
    public static void Answer(HttpContext context, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The page is the friendly answer to a bad link; the app's generic status-code page must not replace it.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        context.Response.StatusCode = statusCode;
    }
}
