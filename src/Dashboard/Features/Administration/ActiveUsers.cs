using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Administration;

/// <summary>
/// Whether a signed-in principal still stands: the user exists, is active (and so is their tenant, for client
/// staff), and the security stamp on their cookie is the current one (deactivation, a role change and a tenant change all replace the stamp).
/// One primary-key read, cheap enough for every request.
/// </summary>
public sealed class ActiveUsers(IOptions<IdentityOptions> identity)
{
    public async Task<bool> StillValidAsync(AppDbContext db, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(principal);
        if (DashboardClaims.UserIdOf(principal) is not { } userId)
        {
            return false;
        }
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        // Client staff also stand or fall with their company: a deactivated tenant's staff lose access too.
        var current = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.IsActive, u.SecurityStamp, TenantActive = u.TenantId == null || db.Tenants.Any(t => t.Id == u.TenantId && t.IsActive) })
            .FirstOrDefaultAsync(cancellationToken);
        return current is { IsActive: true, TenantActive: true } && stamp is not null && string.Equals(current.SecurityStamp, stamp, StringComparison.Ordinal);
    }
}
