using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Administration;

/// <summary>What the audit page's filters offer, and the names that replace ids in the entries' JSON.</summary>
public sealed record AuditChoices(List<Tenant> Tenants, List<string> Entities, List<string> Actors, Dictionary<string, string> Names);

/// <summary>The audit page's reads, as the reader of this scope may see them (<see cref="AuditLog"/>).</summary>
public sealed class AuditReader(IDbContextFactory<AppDbContext> dbFactory, TenantContext reader)
{
    public async Task<AuditChoices> ChoicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenants = await reader.Visible(db.Tenants).AsNoTracking().OrderBy(t => t.DisplayName).ToListAsync(cancellationToken);
        var visible = AuditLog.Visible(db, reader);
        var entities = await visible.Select(a => a.Entity).Distinct().OrderBy(e => e).ToListAsync(cancellationToken);
        var actors = await visible.Select(a => a.ActorName).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        // Ids in the JSON read better as names: the tenants and users this reader may hear of.
        var names = tenants.ToDictionary(t => t.Id.ToString(), t => t.DisplayName);
        foreach (var user in await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
        {
            names.TryAdd(user.Id.ToString(), user.DisplayName);
        }
        return new AuditChoices(tenants, entities, actors, names);
    }

    public async Task<List<AuditEntry>> ReadAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AuditLog.ReadAsync(db, reader, filter, cancellationToken);
    }
}
