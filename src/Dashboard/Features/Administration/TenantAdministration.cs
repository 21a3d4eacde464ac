using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Administration;

public sealed record NewTenant(string Slug, string DisplayName, string TimeZoneId);

/// <summary>Tenants for Admins: create with a checked slug and an IANA time zone, deactivate and reactivate (audited).</summary>
public sealed partial class TenantAdministration(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text)
{
    public const int SlugMaxLength = 64;

    /// <summary>The time zones this machine knows, by IANA id ("Asia/Tokyo"), for the picker.</summary>
    public static IReadOnlyList<string> TimeZoneIds { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    public static bool IsValidSlug(string slug) => slug.Length <= SlugMaxLength && SlugPattern().IsMatch(slug);

    /// <summary>The account managers assigned to each tenant, by tenant id, their names in order (the tenants page).</summary>
    public async Task<Dictionary<Guid, List<string>>> ManagersByTenantAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await (from a in db.AccountManagerAssignments join u in db.Users on a.UserId equals u.Id select new { a.TenantId, u.DisplayName })
                .ToListAsync(cancellationToken))
            .GroupBy(a => a.TenantId).ToDictionary(g => g.Key, g => g.Select(a => a.DisplayName).Order().ToList());
    }

    public async Task<AdminOutcome> CreateAsync(NewTenant input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var slug = input.Slug.Trim();
        var errors = new Dictionary<string, string>();
        if (!IsValidSlug(slug))
        {
            errors["slug"] = text["Admin_SlugInvalid"];
        }
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors["displayName"] = text["Validation_Required"];
        }
        if (!TimeZoneIds.Contains(input.TimeZoneId))
        {
            errors["timeZone"] = text["Admin_TimeZoneInvalid"];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!errors.ContainsKey("slug") && await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            errors["slug"] = text["Admin_SlugTaken"];
        }
        if (errors.Count > 0)
        {
            return new AdminOutcome(errors);
        }
        db.Tenants.Add(new Tenant { Slug = slug, DisplayName = input.DisplayName.Trim(), TimeZoneId = input.TimeZoneId });
        await db.SaveChangesAsync(cancellationToken);
        return AdminOutcome.Ok;
    }

    /// <summary>An inactive tenant takes no new messages (the intake API answers 404 saying why), and its staff and keys lose access.</summary>
    public async Task SetActiveAsync(Guid tenantId, bool active, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, cancellationToken);
        tenant.IsActive = active;
        await db.SaveChangesAsync(cancellationToken);
        if (!active)
        {
            // Its staff and keys are refused from the next request; this closes their open hub connections.
            await new Accounts.AccessRevoked(Accounts.RevokedKind.Tenant, tenantId).SendAsync(db, cancellationToken);
        }
    }

    // Lowercase letters and digits in groups joined by single hyphens: "alpha-clinic", not "-alpha" or "alpha--clinic".
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
