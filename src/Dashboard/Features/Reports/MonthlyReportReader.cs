using System.Security.Claims;
using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Reports;

/// <summary>
/// A month's report for the page and the API: the reader's access to the tenant (<see cref="ReportAccess"/>) and the
/// figures (<see cref="MonthlyReportQuery"/>) on one context of the reader's scope.
/// </summary>
public sealed class MonthlyReportReader(IDbContextFactory<AppDbContext> dbFactory, MonthlyReportQuery query)
{
    public sealed record Read(Tenant Tenant, MonthlyReport Report);

    /// <summary>The report of the tenant with this slug, or null when it does not exist or this reader may not see its reports (404).</summary>
    public async Task<Read?> ReadAsync(ClaimsPrincipal user, string? slug, ReportMonth month, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await ReportAccess.FindAsync(db, user, slug, cancellationToken);
        return tenant is null ? null : new Read(tenant, await query.RunAsync(db, tenant, month, cancellationToken));
    }
}
