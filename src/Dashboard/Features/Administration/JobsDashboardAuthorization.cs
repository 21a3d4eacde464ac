using Dashboard.Features.Accounts;
using Hangfire.Dashboard;

namespace Dashboard.Features.Administration;

/// <summary>Hangfire's dashboard lets its viewer retry and delete jobs: Admins only, checked on the signed-in cookie user.</summary>
public sealed class JobsDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}
