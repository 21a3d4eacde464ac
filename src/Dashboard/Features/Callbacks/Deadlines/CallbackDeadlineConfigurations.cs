using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Callbacks.Deadlines;

internal sealed class CallbackDeadlineSettingsConfiguration : IEntityTypeConfiguration<CallbackDeadlineSettings>
{
    public void Configure(EntityTypeBuilder<CallbackDeadlineSettings> e)
    {
        e.HasKey(s => s.TenantId);
        e.HasOne<Tenant>().WithOne().HasForeignKey<CallbackDeadlineSettings>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CallbackDeadlineConfiguration : IEntityTypeConfiguration<CallbackDeadline>
{
    public void Configure(EntityTypeBuilder<CallbackDeadline> e)
    {
        e.HasKey(d => d.MessageId);
        e.Property(d => d.AcknowledgedBy).HasMaxLength(MessageLimits.Name);
        e.HasOne<Message>().WithOne().HasForeignKey<CallbackDeadline>(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
        // The sweep reads the running deadlines that are overdue.
        e.HasIndex(d => d.NextAt, "IX_CallbackDeadlines_Running")
            .HasFilter($"\"Stage\" IN ({(int)DeadlineStage.Waiting}, {(int)DeadlineStage.Reminded})");
    }
}
