using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Tenancy;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> e)
    {
        e.HasIndex(t => t.Slug).IsUnique();
        e.Property(t => t.Slug).HasMaxLength(64);
        e.Property(t => t.DisplayName).HasMaxLength(200);
        e.Property(t => t.TimeZoneId).HasMaxLength(64);
        e.Ignore(t => t.TimeZone);
    }
}

internal sealed class AccountManagerAssignmentConfiguration : IEntityTypeConfiguration<AccountManagerAssignment>
{
    public void Configure(EntityTypeBuilder<AccountManagerAssignment> e)
    {
        e.HasKey(a => new { a.UserId, a.TenantId });
        e.HasOne<Dashboard.Features.Accounts.ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => a.TenantId);
    }
}
