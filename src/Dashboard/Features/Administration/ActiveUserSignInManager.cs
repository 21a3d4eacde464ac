using Dashboard.Data;
using Dashboard.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Administration;

/// <summary>A deactivated user, or a member of a deactivated tenant, cannot sign in: the sign-in result is "not allowed", which the sign-in page explains.</summary>
public sealed class ActiveUserSignInManager(
    UserManager<ApplicationUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<ApplicationUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation, IDbContextFactory<AppDbContext> dbFactory)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsActive)
        {
            return false;
        }
        if (user.TenantId is { } tenantId)
        {
            // Client staff of a deactivated company cannot sign in either.
            await using var db = await dbFactory.CreateDbContextAsync();
            if (!await db.Tenants.AnyAsync(t => t.Id == tenantId && t.IsActive))
            {
                return false;
            }
        }
        return await base.CanSignInAsync(user);
    }
}
