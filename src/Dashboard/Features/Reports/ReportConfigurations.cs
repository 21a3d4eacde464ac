using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Reports;

internal sealed class ReportSettingsConfiguration : IEntityTypeConfiguration<ReportSettings>
{
    public void Configure(EntityTypeBuilder<ReportSettings> e)
    {
        e.HasKey(s => s.TenantId);
        e.Property(s => s.Language).HasMaxLength(8);
        e.HasOne<Tenant>().WithOne().HasForeignKey<ReportSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReportMailingConfiguration : IEntityTypeConfiguration<ReportMailing>
{
    public void Configure(EntityTypeBuilder<ReportMailing> e)
    {
        e.Property(m => m.Address).HasMaxLength(320);
        e.Property(m => m.ProviderReference).HasMaxLength(200);
        e.Property(m => m.Error).HasMaxLength(1000);
        // The idempotency key: one report e-mail per tenant, month and address, whichever node or retry sends it.
        e.HasIndex(m => new { m.TenantId, m.Month, m.Address }).IsUnique();
        e.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// The report counts escalations started in a month per tenant; without this it would read every escalation of the
/// tenant (the other indexes of the table are the engine's, in Data/EscalationConfigurations.cs).
/// </summary>
internal sealed class ReportEscalationIndexConfiguration : IEntityTypeConfiguration<MessageEscalation>
{
    public void Configure(EntityTypeBuilder<MessageEscalation> e) =>
        e.HasIndex(x => new { x.TenantId, x.StartedAt }, "IX_MessageEscalations_Started").IncludeProperties(x => x.State);
}
