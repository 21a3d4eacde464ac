using Dashboard.Data;

namespace Dashboard.Features.Tenancy;

[GlobalEntity("A tenant is the unit of isolation itself; which tenants a user may see is decided by role and claim.")]
[Audit.Audited(TenantProperty = nameof(Id))]
public sealed class Tenant
{
    public const string DefaultTimeZoneId = "Asia/Tokyo";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Slug { get; set; }
    public required string DisplayName { get; set; }
    public string TimeZoneId { get; set; } = DefaultTimeZoneId;
    public bool IsActive { get; set; } = true;

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);
}
