using Dashboard.Data;

namespace Dashboard.Features.ApiKeys;

public enum ApiKeyScope
{
    /// <summary>An operator centre: creates and reads messages for any tenant.</summary>
    OperatorCentre = 0,

    /// <summary>A client's own systems: reads, acknowledges and listens to one tenant.</summary>
    Tenant = 1,
}

[GlobalEntity("Operator-centre keys span tenants; tenant keys carry TenantId and are turned into a tenant claim at sign-in.")]
[Audit.Audited(TenantProperty = nameof(TenantId))]
public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The first characters of the key, shown to admins to tell keys apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key; the key itself is shown once and never stored.</summary>
    public required byte[] Hash { get; set; }
    public ApiKeyScope Scope { get; set; }
    public Guid? TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

[GlobalEntity("Keyed by the API key that sent the request; it stores only the id of the message it created.")]
public sealed class IdempotencyRecord
{
    public Guid ApiKeyId { get; set; }
    public required string Key { get; set; }
    public required byte[] RequestHash { get; set; }
    public Guid MessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
