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
        // The account manager's "callbacks overdue" counts the deadlines not ended, per tenant: a few rows of a year's.
        e.HasIndex(d => new { d.TenantId, d.DueAt }, "IX_CallbackDeadlines_NotEnded")
            .HasFilter($"\"Stage\" <> {(int)DeadlineStage.Ended}");
    }
}
