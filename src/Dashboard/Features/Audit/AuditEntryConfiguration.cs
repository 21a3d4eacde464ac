using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Audit;

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
