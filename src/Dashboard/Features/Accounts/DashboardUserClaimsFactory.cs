using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Accounts;

/// <summary>Puts the tenant, display name and language on the sign-in cookie so every request knows them without a lookup.</summary>
public sealed class DashboardUserClaimsFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DashboardClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(DashboardClaims.Culture, user.PreferredCulture));
        if (user.TenantId is { } tenantId)
        {
            identity.AddClaim(new Claim(DashboardClaims.TenantId, tenantId.ToString("D", CultureInfo.InvariantCulture)));
        }
        return identity;
    }
}
