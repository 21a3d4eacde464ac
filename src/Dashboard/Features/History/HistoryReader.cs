using Dashboard.Data;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.History;

/// <summary>
/// The history page's reads in the reader's scope (the tenant context limits them): the tenants to pick from, the
/// filters of the page's address, and a page of rows (<see cref="HistoryQueries.PageAsync"/>). One context per call.
/// </summary>
public sealed class HistoryReader(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, TimeProvider time)
{
    public sealed record TenantChoice(string Slug, string DisplayName);

    /// <summary>The reader's own tenant (client staff; null for those who pick one), and the tenants they may see, by name.</summary>
    public async Task<(Guid? OwnTenant, List<TenantChoice> Tenants)> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await db.Tenant.Visible(db.Tenants).OrderBy(t => t.DisplayName)
            .Select(t => new TenantChoice(t.Slug, t.DisplayName)).ToListAsync(cancellationToken);
        return (db.Tenant.TenantId, tenants);
    }

    /// <summary>The filters as <see cref="HistoryRequest.ReadAsync"/> reads them (each bad one named).</summary>
    public async Task<HistoryRequest.Outcome> ReadRequestAsync(Func<string, string?> query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await HistoryRequest.ReadAsync(query, db, text, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>One page, newest first, after <paramref name="before"/>.</summary>
    public async Task<List<MessageDto>> PageAsync(HistoryCriteria criteria, Keyset? before, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PageAsync(criteria, before, limit, cancellationToken);
    }
}
