using Dashboard.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Administration;

/// <summary>
/// Checks the sign-in cookie on every request (instead of Identity's default every 30 minutes), so a deactivated
/// user, or one whose role or tenant changed, is refused on their very next request.
/// </summary>
public static class ActiveUserCookieValidation
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is null)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        await using var db = await services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(context.HttpContext.RequestAborted);
        if (await services.GetRequiredService<ActiveUsers>().StillValidAsync(db, context.Principal, context.HttpContext.RequestAborted))
        {
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
