using System.Security.Claims;

namespace Dashboard.Features.Accounts;

public static class DashboardClaims
{
    public const string TenantId = "dashboard:tenant";
    public const string DisplayName = "dashboard:name";
    public const string Culture = "dashboard:culture";

    public static Guid? TenantIdOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirstValue(TenantId);
        return Guid.TryParse(value, out var id) ? id : null;
    }

    public static bool SeesAllTenants(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // Account managers see only their assigned tenants (TenantScope loads them).
        return user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.OperatorCentre);
    }

    public static string DisplayNameOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(DisplayName) ?? user.Identity?.Name ?? "?";
    }

    public static Guid? UserIdOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    }
}
