using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Escalation;

internal sealed class EscalationPolicyConfiguration : IEntityTypeConfiguration<EscalationPolicy>
{
    public void Configure(EntityTypeBuilder<EscalationPolicy> e)
    {
        e.Property(p => p.Name).HasMaxLength(200);
        e.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(p => p.Versions).WithOne().HasForeignKey(v => v.PolicyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EscalationPolicyVersionConfiguration : IEntityTypeConfiguration<EscalationPolicyVersion>
{
    public void Configure(EntityTypeBuilder<EscalationPolicyVersion> e)
    {
        e.HasIndex(v => new { v.PolicyId, v.Version }).IsUnique();
        e.Property(v => v.CreatedBy).HasMaxLength(200);
        // Steps are read and written whole with their version, never queried into: one JSON document.
        e.OwnsMany(v => v.Steps, step =>
        {
            step.ToJson();
            step.OwnsMany(s => s.Targets);
        });
    }
}

internal sealed class BusinessHoursConfiguration : IEntityTypeConfiguration<BusinessHours>
{
    public void Configure(EntityTypeBuilder<BusinessHours> e)
    {
        e.HasKey(h => h.TenantId);
        e.HasOne<Tenant>().WithOne().HasForeignKey<BusinessHours>(h => h.TenantId).OnDelete(DeleteBehavior.Cascade);
        e.OwnsMany(h => h.Weekly, period => period.ToJson());
    }
}

internal sealed class ClosedDateConfiguration : IEntityTypeConfiguration<ClosedDate>
{
    public void Configure(EntityTypeBuilder<ClosedDate> e)
    {
        e.HasIndex(c => new { c.TenantId, c.Date }).IsUnique();
        e.Property(c => c.Reason).HasMaxLength(200);
        e.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageEscalationConfiguration : IEntityTypeConfiguration<MessageEscalation>
{
    public void Configure(EntityTypeBuilder<MessageEscalation> e)
    {
        e.HasKey(x => x.MessageId);
        e.HasOne<Features.Messages.Message>().WithOne().HasForeignKey<MessageEscalation>(x => x.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<EscalationPolicyVersion>().WithMany().HasForeignKey(x => x.PolicyVersionId).OnDelete(DeleteBehavior.Restrict);
        // The sweep looks for active escalations that are overdue.
        e.HasIndex(x => new { x.State, x.NextDueAt });
        // The health page counts exhausted escalations of the last week per tenant.
        e.HasIndex(x => new { x.TenantId, x.EndedAt }, "IX_MessageEscalations_Exhausted")
            .HasFilter($"\"State\" = {(int)EscalationState.Exhausted}");
    }
}

internal sealed class NotificationAttemptConfiguration : IEntityTypeConfiguration<NotificationAttempt>
{
    public void Configure(EntityTypeBuilder<NotificationAttempt> e)
    {
        e.Property(a => a.RecipientName).HasMaxLength(200);
        e.Property(a => a.Address).HasMaxLength(320);
        e.Property(a => a.Language).HasMaxLength(8);
        e.Property(a => a.ProviderReference).HasMaxLength(200);
        e.Property(a => a.Error).HasMaxLength(1000);
        // The tenant beside the message: a prepared statement's generic plan otherwise intersects this index with the
        // tenant's whole TenantId index to apply the query filter (14 ms for a feed's window at a year's volume; decision 30).
        e.HasIndex(a => new { a.MessageId, a.TenantId, a.CreatedAt });
        e.HasIndex(a => a.ProviderReference);
        // The sweep's scan for attempts still unsent: pending ones are few, whatever the history.
        e.HasIndex(a => a.CreatedAt, "IX_NotificationAttempts_Pending")
            .HasFilter($"\"Status\" = {(int)AttemptStatus.Pending}");
        // "One call a minute per number" looks up the last call to an address.
        e.HasIndex(a => new { a.Address, a.SentAt });
        e.HasOne<Features.Messages.Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
