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
        // Ids in the JSON read better as names: the tenants, users, contacts, policies and keys this reader may hear of
        // (contacts and policies through the query filters, keys of the visible tenants).
        var names = tenants.ToDictionary(t => t.Id.ToString(), t => t.DisplayName);
        foreach (var user in await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken))
        {
            names.TryAdd(user.Id.ToString(), user.DisplayName);
        }
        foreach (var contact in await db.Contacts.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken))
        {
            names.TryAdd(contact.Id.ToString(), contact.Name);
        }
        var policies = await db.EscalationPolicies.AsNoTracking().Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        foreach (var (id, name) in policies)
        {
            names.TryAdd(id.ToString(), name);
        }
        foreach (var version in await db.EscalationPolicyVersions.AsNoTracking().Select(v => new { v.Id, v.PolicyId, v.Version }).ToListAsync(cancellationToken))
        {
            names.TryAdd(version.Id.ToString(), $"{policies.GetValueOrDefault(version.PolicyId)} v{version.Version}");
        }
        var tenantIds = tenants.Select(t => t.Id).ToArray();
        foreach (var key in await db.ApiKeys.AsNoTracking().Where(k => reader.AllTenants || (k.TenantId != null && tenantIds.Contains(k.TenantId.Value)))
                     .Select(k => new { k.Id, k.Name }).ToListAsync(cancellationToken))
        {
            names.TryAdd(key.Id.ToString(), key.Name);
        }
        return new AuditChoices(tenants, entities, actors, names);
    }

    public async Task<List<AuditEntry>> ReadAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AuditLog.ReadAsync(db, reader, filter, cancellationToken);
    }
}
