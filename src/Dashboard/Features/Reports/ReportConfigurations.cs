using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
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

/// <summary>
/// The report's counting pass reads only these columns of a month of messages: with them in the index it never visits
/// the table (an index-only scan), which is most of the time at 300,000 messages a month. Created concurrently: the
/// table is the biggest there is.
/// </summary>
internal sealed class ReportMessageIndexConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> e) =>
        e.HasIndex(m => new { m.TenantId, m.ReceivedAt }, "IX_Messages_ReportCounts")
            .IncludeProperties(m => new { m.Urgency, m.ForWhom, m.AcknowledgedBy })
            .IsCreatedConcurrently();
}

/// <summary>
/// Steps run by the month's escalations: the step events of those messages, found by message among the step events
/// only (a small share of the timeline), instead of reading every event of every kind.
/// </summary>
internal sealed class ReportStepIndexConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> e) =>
        e.HasIndex(ev => ev.MessageId, "IX_MessageEvents_EscalationSteps")
            .HasFilter($"\"Kind\" = {(int)MessageEventKind.EscalationStep}")
            .IsCreatedConcurrently();
}
