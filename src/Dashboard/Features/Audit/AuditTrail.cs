using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dashboard.Features.Audit;

/// <summary>
/// Turns tracked changes to audited records into <see cref="AuditEntry"/> rows saved in the same transaction,
/// so no change to a type marked <see cref="AuditedAttribute"/> (contacts, hours, policies, users, keys, tenants,
/// assignments) goes unrecorded. Changes made with ExecuteUpdate bypass the change tracker: audited records are
/// changed through tracked entities.
/// </summary>
internal static class AuditTrail
{
    private static readonly ConcurrentDictionary<Type, AuditedAttribute?> Marks = new();

    private static AuditedAttribute? MarkOf(Type type) => Marks.GetOrAdd(type, t => t.GetCustomAttribute<AuditedAttribute>(inherit: false));

    private static bool IsAudited(Type type) => MarkOf(type) is not null;

    /// <summary>Secrets and bookkeeping never go into the log.</summary>
    private static readonly string[] Hidden = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Hash", "NormalizedEmail", "NormalizedUserName"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Adds the entries for the tracked changes, stamped with the acting user.</summary>
    public static void Record(AppDbContext db, Guid? actorUserId, string actorName, DateTimeOffset now)
    {
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        // A change inside owned JSON (a week's periods, a version's steps) leaves its owner Unchanged: the owner is still what changed.
        var entries = changed.Where(e => IsAudited(e.Metadata.ClrType))
            .Concat(changed.Where(e => e.Metadata.IsOwned()).Select(e => RootOwnerOf(db, e)).OfType<EntityEntry>())
            .Where(e => IsAudited(e.Metadata.ClrType))
            .DistinctBy(e => e.Entity, ReferenceEqualityComparer.Instance)
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
                At = now, TenantId = TenantOf(entry), ActorUserId = actorUserId, ActorName = actorName,
                Entity = entry.Metadata.ClrType.Name, EntityId = KeyOf(entry), Action = action, Before = before, After = after,
            });
        }
    }

    private static string Snapshot(EntityEntry entry, bool original) =>
        JsonSerializer.Serialize(Values(entry.Context, entry, original), Json);

    private static SortedDictionary<string, object?> Values(DbContext db, EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties.Where(p => !Hidden.Contains(p.Metadata.Name) && !(entry.Metadata.IsOwned() && p.Metadata.IsShadowProperty())))
        {
            values[property.Metadata.Name] = original ? property.OriginalValue : property.CurrentValue;
        }
        // Owned JSON (a week's periods, a version's steps) belongs in its owner's record, "before" as it was loaded:
        // the navigation itself only knows the current objects.
        foreach (var owned in entry.Navigations.Where(n => n.Metadata.TargetEntityType.IsOwned()))
        {
            var children = OwnedEntries(db, entry, (Microsoft.EntityFrameworkCore.Metadata.INavigation)owned.Metadata, original)
                .Select(child => Values(db, child, original)).ToList();
            values[owned.Metadata.Name] = owned.Metadata.IsCollection ? children : children.FirstOrDefault();
        }
        return values;
    }

    /// <summary>The tracked owned entries of one navigation: those that were there before (not added), or those there now (not deleted).</summary>
    private static IEnumerable<EntityEntry> OwnedEntries(DbContext db, EntityEntry owner, Microsoft.EntityFrameworkCore.Metadata.INavigation navigation, bool original)
    {
        var ownership = navigation.ForeignKey;
        return db.ChangeTracker.Entries()
            .Where(e => e.Metadata == navigation.TargetEntityType
                && (original ? e.State != EntityState.Added : e.State != EntityState.Deleted)
                && ownership.Properties.Select((fk, i) => Equals(
                        original ? e.Property(fk.Name).OriginalValue : e.Property(fk.Name).CurrentValue,
                        owner.Property(ownership.PrincipalKey.Properties[i].Name).CurrentValue))
                    .All(match => match))
            .OrderBy(e => original ? OrdinalOf(e, useOriginal: true) : OrdinalOf(e, useOriginal: false));
    }

    /// <summary>JSON collections are keyed by their position; anything else keeps the tracker's order.</summary>
    private static int OrdinalOf(EntityEntry entry, bool useOriginal) =>
        entry.Metadata.FindPrimaryKey()!.Properties.LastOrDefault(p => p.ClrType == typeof(int)) is { } ordinal
            ? (int)(useOriginal ? entry.Property(ordinal.Name).OriginalValue : entry.Property(ordinal.Name).CurrentValue)!
            : 0;

    private static EntityEntry? RootOwnerOf(DbContext db, EntityEntry owned)
    {
        var entry = owned;
        while (entry.Metadata.IsOwned())
        {
            var ownership = entry.Metadata.FindOwnership()!;
            var key = ownership.Properties.Select(p => entry.State == EntityState.Deleted ? entry.Property(p.Name).OriginalValue : entry.Property(p.Name).CurrentValue).ToArray();
            var principal = db.ChangeTracker.Entries()
                .FirstOrDefault(e => e.Metadata == ownership.PrincipalEntityType
                    && ownership.PrincipalKey.Properties.Select((p, i) => Equals(e.Property(p.Name).CurrentValue, key[i])).All(match => match));
            if (principal is null)
            {
                return null;
            }
            entry = principal;
        }
        return entry;
    }

    private static Guid? TenantOf(EntityEntry entry) => entry.Entity is ITenantOwned owned
        ? owned.TenantId
        : MarkOf(entry.Metadata.ClrType)?.TenantProperty is { } property ? (Guid?)entry.Property(property).CurrentValue : null;

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
}
