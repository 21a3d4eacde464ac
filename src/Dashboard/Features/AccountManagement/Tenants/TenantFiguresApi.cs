using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.AccountManagement.Tenants;

/// <summary>A tenant's figures as the account manager's tenants list shows them, over the same window.</summary>
public sealed record TenantFigures(string Tenant, DateTimeOffset Since, DateTimeOffset Until, TenantHealth Figures);

/// <summary>
/// <c>GET /api/v1/tenants/{tenant}/figures</c>: the tenants list's figures (open urgent, waiting too long, time to
/// acknowledge, exhausted escalations, time to callback per urgency, callback outcomes) for one tenant. Operator-centre
/// keys any tenant, tenant keys their own (the tenant context decides what is visible); anything else is 404.
/// </summary>
public static class TenantFiguresApi
{
    public static IEndpointRouteBuilder MapTenantFiguresApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tenants/{tenant}/figures", GetAsync).WithTags("Tenants")
            .RequireAuthorization(AuthPolicies.MessageApi)
            .WithSummary("A tenant's current figures: open urgent messages, messages waiting too long, time to acknowledge, exhausted escalations, time to callback per urgency and callback outcomes over the last 7 days, and the callbacks overdue now.")
            .WithDescription("Durations are minutes; a null percentile means no message in the window had one. `since`/`until` bound the window. A tenant key reads only its own tenant; another or an unknown tenant is 404.")
            .Produces<TenantFigures>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(string tenant, TenantDirectory directory, IDbContextFactory<AppDbContext> dbFactory, TenantHealthQuery health,
        TimeProvider time, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (await directory.VisibleAsync(tenant, cancellationToken) is not { } found)
        {
            return TypedResults.Problem(title: text["Api_TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = time.GetUtcNow();
        var figures = (await health.ForAsync(db, [found.Id], cancellationToken))[found.Id];
        return TypedResults.Ok(new TenantFigures(found.Slug, until - TenantHealthQuery.Window, until, figures));
    }
}
