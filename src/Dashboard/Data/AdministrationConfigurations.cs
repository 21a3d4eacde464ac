using Dashboard.Features.Tenancy;
using Dashboard.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(a => a.ActorName).HasMaxLength(200);
        e.Property(a => a.Entity).HasMaxLength(100);
        e.Property(a => a.EntityId).HasMaxLength(100);
        e.Property(a => a.Before).HasColumnType("jsonb");
        e.Property(a => a.After).HasColumnType("jsonb");
        // The audit page lists a tenant's changes newest first, and a record's history.
        e.HasIndex(a => new { a.TenantId, a.At });
        e.HasIndex(a => new { a.Entity, a.EntityId });
    }
}

internal sealed class AccountManagerAssignmentConfiguration : IEntityTypeConfiguration<AccountManagerAssignment>
{
    public void Configure(EntityTypeBuilder<AccountManagerAssignment> e)
    {
        e.HasKey(a => new { a.UserId, a.TenantId });
        e.HasOne<Features.Accounts.ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Features.Tenancy.Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => a.TenantId);
    }
}
