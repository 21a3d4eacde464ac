namespace Dashboard.Features.Audit;

/// <summary>
/// Every tracked change to an entity of this type is written to the audit log (<see cref="AuditTrail"/>), in
/// the transaction that saves it. Each feature marks its own entities, so Audit knows none of them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AuditedAttribute : Attribute
{
    /// <summary>The property holding the tenant an entry belongs to, for types that are not <c>ITenantOwned</c> (null: none).</summary>
    public string? TenantProperty { get; init; }
}
