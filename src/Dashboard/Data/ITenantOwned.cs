namespace Dashboard.Data;

/// <summary>An entity that belongs to exactly one tenant. The query filter and the save check key on <see cref="TenantId"/>.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

/// <summary>
/// Marks an entity as deliberately shared across tenants (tenants themselves, users, operator keys).
/// An architecture test fails for any entity that is neither tenant-owned nor marked global.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GlobalEntityAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}
