using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Reports;

/// <summary>
/// Whose report a reader may open: client staff their own tenant's, account managers their assigned tenants', admins
/// any; operator-centre keys any and tenant keys their own through the API. The tenant context already limits which
/// tenants are visible; operators (who see every tenant's feed) are left out here. Anything else is "not found".
/// </summary>
public static class ReportAccess
{
    private static readonly string[] PageRoles = [Roles.ClientStaff, Roles.AccountManager, Roles.Admin];
    private static readonly string[] ApiRoles = [Roles.OperatorCentre, Roles.TenantApi];

    public static bool MayReadReports(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return PageRoles.Concat(ApiRoles).Any(user.IsInRole);
    }

    /// <summary>The tenant of a report route, or null (404) when it does not exist or this reader may not see its reports.</summary>
    public static async Task<Tenant?> FindAsync(AppDbContext db, ClaimsPrincipal user, string? slug, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!MayReadReports(user) || string.IsNullOrEmpty(slug))
        {
            return null;
        }
        return await TenantDirectory.FindVisibleAsync(db, slug, cancellationToken);
    }
}
