using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Retention;

internal sealed class RetentionSettingsConfiguration : IEntityTypeConfiguration<RetentionSettings>
{
    public void Configure(EntityTypeBuilder<RetentionSettings> e)
    {
        e.HasKey(s => s.TenantId);
        e.HasOne<Tenant>().WithOne().HasForeignKey<RetentionSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Retention finds a tenant's expired timeline events and attempts by age in small batches: without these it would
/// walk every row of the tenant (the tables' other indexes are by message, in Data/).
/// </summary>
internal sealed class RetentionEventIndexConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> e) =>
        e.HasIndex(ev => new { ev.TenantId, ev.At }, "IX_MessageEvents_Detail")
            // Only the details retention deletes (not the lifecycle kinds of RetentionJob.LifecycleKinds, kept with the
            // message), so a batch never walks past rows it keeps.
            .HasFilter($"\"Kind\" NOT IN ({(int)MessageEventKind.Created}, {(int)MessageEventKind.Acknowledged}, {(int)MessageEventKind.Resolved})");
}

internal sealed class RetentionAttemptIndexConfiguration : IEntityTypeConfiguration<NotificationAttempt>
{
    public void Configure(EntityTypeBuilder<NotificationAttempt> e) =>
        e.HasIndex(a => new { a.TenantId, a.CreatedAt }, "IX_NotificationAttempts_TenantAge");
}
