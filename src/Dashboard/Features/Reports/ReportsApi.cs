using System.Security.Claims;
using Dashboard.Features.Accounts;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Reports;

/// <summary><c>GET /api/v1/reports/{tenant}/{yyyy-MM}</c>: a month's report figures (tenant keys their own tenant, operator-centre keys any).</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reports/{tenant}/{month}", GetAsync).WithTags("Reports")
            .RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("A tenant's monthly report figures: calls per local day and hour by urgency, by for-whom, response times with a 6-month trend, escalations, who acknowledged.")
            .WithDescription("`month` is `yyyy-MM` in the tenant's time zone (its days and hours are local). A tenant key reads only its own tenant.")
            .Produces<MonthlyReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(
        string tenant, string month, ClaimsPrincipal user, MonthlyReportReader reports, IStringLocalizer<SharedResource> text,
        CancellationToken cancellationToken)
    {
        if (!ReportMonth.TryParse(month, out var reportMonth))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = [text["Api_ReportMonthInvalid"]] },
                title: text["Api_ValidationTitle"]);
        }
        var read = await reports.ReadAsync(user, tenant, reportMonth, cancellationToken);
        if (read is null)
        {
            return TypedResults.Problem(title: text["Api_TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
        }
        return TypedResults.Ok(read.Report);
    }
}
