using System.Reflection;
using Dashboard.Data;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// The rules that keep tenant isolation in one place (AppDbContext): every entity either belongs to a tenant
/// (and then has a query filter) or says on itself why it is shared across tenants.
/// </summary>
internal static class TenantIsolationRules
{
    /// <summary>Framework-owned tables that cannot carry the attribute, each with the reason it is global.</summary>
    private static readonly Dictionary<Type, string> FrameworkGlobals = new()
    {
        [typeof(DataProtectionKey)] = "Cookie and antiforgery keys of the whole deployment; they hold no tenant data.",
    };

    /// <summary>ASP.NET Identity's own tables (roles, user claims, logins, tokens): global by nature.</summary>
    private const string IdentityNamespace = "Microsoft.AspNetCore.Identity";

    /// <summary>Why the type breaks the marking rule, or null when it is tenant-owned, marked global, or a framework table.</summary>
    public static string? MarkingViolation(Type clrType)
    {
        ArgumentNullException.ThrowIfNull(clrType);
        if (typeof(ITenantOwned).IsAssignableFrom(clrType)
            || clrType.GetCustomAttribute<GlobalEntityAttribute>(inherit: false) is not null
            || FrameworkGlobals.ContainsKey(clrType)
            || clrType.Namespace == IdentityNamespace
            || clrType.Namespace?.StartsWith(IdentityNamespace + ".", StringComparison.Ordinal) == true)
        {
            return null;
        }
        return $"{clrType.FullName} is neither ITenantOwned nor marked [GlobalEntity(\"why\")]";
    }

    /// <summary>Why the entity type breaks the filter rule, or null when it is not tenant-owned or has a query filter.</summary>
    public static string? FilterViolation(IReadOnlyEntityType entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        if (!typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) || entityType.GetDeclaredQueryFilters().Count > 0)
        {
            return null;
        }
        return $"{entityType.ClrType.FullName} is ITenantOwned but has no query filter";
    }

    public static IReadOnlyList<string> Violations(IReadOnlyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Owned types (JSON documents such as policy steps) live inside their owner's row and share its isolation.
        return [.. model.GetEntityTypes()
            .Where(e => !e.IsOwned())
            .SelectMany(e => new[] { MarkingViolation(e.ClrType), FilterViolation(e) })
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }
}
