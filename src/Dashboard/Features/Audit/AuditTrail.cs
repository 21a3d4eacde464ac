using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.AccountManagement;
using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dashboard.Features.Audit;

/// <summary>
/// Turns tracked changes to audited records into <see cref="AuditEntry"/> rows saved in the same transaction,
/// so no change to contacts, hours, policies, users, keys, tenants or assignments goes unrecorded. Changes made
/// with ExecuteUpdate bypass the change tracker: audited records are changed through tracked entities.
/// </summary>
internal static class AuditTrail
{
    private static readonly HashSet<Type> Audited =
    [
        typeof(Contact), typeof(BusinessHours), typeof(ClosedDate), typeof(EscalationPolicy), typeof(EscalationPolicyVersion),
        typeof(ApplicationUser), typeof(ApiKey), typeof(Tenant), typeof(AccountManagerAssignment),
    ];

    /// <summary>Secrets and bookkeeping never go into the log.</summary>
    private static readonly string[] Hidden = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Hash", "NormalizedEmail", "NormalizedUserName"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Record(AppDbContext db, TenantContext actor, DateTimeOffset now)
    {
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Audited.Contains(e.Metadata.ClrType))
            .ToList();
        foreach (var entry in entries)
        {
            var action = entry.State switch
            {
                EntityState.Added => AuditAction.Created,
                EntityState.Deleted => AuditAction.Deleted,
                _ => AuditAction.Updated,
            };
            var before = action == AuditAction.Created ? null : Snapshot(entry, original: true);
            var after = action == AuditAction.Deleted ? null : Snapshot(entry, original: false);
            if (action == AuditAction.Updated && before == after)
            {
                continue;
            }
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, TenantId = TenantOf(entry), ActorUserId = actor.UserId, ActorName = actor.ActorName,
                Entity = entry.Metadata.ClrType.Name, EntityId = KeyOf(entry), Action = action, Before = before, After = after,
            });
        }
    }

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties.Where(p => !Hidden.Contains(p.Metadata.Name)))
        {
            values[property.Metadata.Name] = original ? property.OriginalValue : property.CurrentValue;
        }
        // A policy version's steps are owned JSON: they belong in its record, not in one of their own.
        foreach (var owned in entry.Navigations.Where(n => n.Metadata.TargetEntityType.IsOwned()))
        {
            values[owned.Metadata.Name] = owned.CurrentValue;
        }
        return JsonSerializer.Serialize(values, Json);
    }

    private static Guid? TenantOf(EntityEntry entry) => entry.Entity switch
    {
        ITenantOwned owned => owned.TenantId,
        ApplicationUser user => user.TenantId,
        ApiKey key => key.TenantId,
        Tenant tenant => tenant.Id,
        AccountManagerAssignment assignment => assignment.TenantId,
        _ => null,
    };

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
}
