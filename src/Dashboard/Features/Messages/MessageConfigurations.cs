using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Messages;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> e)
    {
        e.Property(m => m.CallerName).HasMaxLength(MessageLimits.Name);
        e.Property(m => m.CallerOrganization).HasMaxLength(MessageLimits.Name);
        e.Property(m => m.CallbackNumber).HasMaxLength(32);
        e.Property(m => m.ForWhom).HasMaxLength(MessageLimits.Name);
        e.Property(m => m.Subject).HasMaxLength(MessageLimits.Subject);
        e.Property(m => m.Body).HasMaxLength(MessageLimits.Body);
        e.Property(m => m.OperatorNote).HasMaxLength(MessageLimits.Body);
        e.Property(m => m.OperatorName).HasMaxLength(MessageLimits.Name);
        e.Property(m => m.AcknowledgedBy).HasMaxLength(MessageLimits.Name);
        e.Property(m => m.ResolvedBy).HasMaxLength(MessageLimits.Name);
        e.Property(m => m.CalledBackBy).HasMaxLength(MessageLimits.Name);
        // The feed's order (newest first, Id breaks ties) per tenant, and across tenants for the board and console.
        e.HasIndex(m => new { m.TenantId, m.ReceivedAt, m.Id });
        e.HasIndex(m => new { m.ReceivedAt, m.Id });
        // Keyset catch-up over (UpdatedAt, Id), per tenant and across tenants.
        e.HasIndex(m => new { m.TenantId, m.UpdatedAt, m.Id });
        e.HasIndex(m => new { m.UpdatedAt, m.Id });
        // Open messages only (a small share of a year): the unacknowledged count, the oldest urgent, the health figures.
        e.HasIndex(m => new { m.TenantId, m.ReceivedAt }, "IX_Messages_Open")
            .IncludeProperties(m => m.Urgency)
            .HasFilter($"\"Status\" = {(int)MessageStatus.New}");
        // The board: urgent and emergency messages nobody has resolved, however old.
        e.HasIndex(m => new { m.TenantId, m.ReceivedAt }, "IX_Messages_UrgentUnresolved")
            .HasFilter($"\"Urgency\" <> {(int)Urgency.Normal} AND \"Status\" <> {(int)MessageStatus.Resolved}");
        // Time to acknowledge and to callback (health page, monthly report) read urgent messages only: index-only.
        e.HasIndex(m => new { m.TenantId, m.ReceivedAt }, "IX_Messages_Escalating")
            .IncludeProperties(m => new { m.AcknowledgedAt, m.CalledBackAt })
            .HasFilter($"\"Urgency\" <> {(int)Urgency.Normal}");
        e.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(m => m.Events).WithOne().HasForeignKey(ev => ev.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(m => m.Callbacks).WithOne().HasForeignKey(c => c.MessageId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(m => m.Notes).WithOne().HasForeignKey(n => n.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CallbackConfiguration : IEntityTypeConfiguration<Callback>
{
    public void Configure(EntityTypeBuilder<Callback> e)
    {
        e.Property(c => c.Note).HasMaxLength(MessageLimits.Note);
        e.Property(c => c.ByName).HasMaxLength(MessageLimits.Name);
        e.HasIndex(c => new { c.MessageId, c.CalledAt });
        e.Property(c => c.SourceReference).HasMaxLength(100);
        e.HasIndex(c => new { c.TenantId, c.SourceReference }).IsUnique().HasFilter("\"SourceReference\" IS NOT NULL");
    }
}

internal sealed class MessageNoteConfiguration : IEntityTypeConfiguration<MessageNote>
{
    public void Configure(EntityTypeBuilder<MessageNote> e)
    {
        e.Property(n => n.Text).HasMaxLength(MessageLimits.Note);
        e.Property(n => n.ByName).HasMaxLength(MessageLimits.Name);
        e.HasIndex(n => new { n.MessageId, n.At });
    }
}

internal sealed class MessageEventConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> e)
    {
        e.Property(ev => ev.ActorName).HasMaxLength(MessageLimits.Name);
        e.HasIndex(ev => new { ev.MessageId, ev.At });
        // "Seen by" records each user once per message, however often they open it.
        e.HasIndex(ev => new { ev.MessageId, ev.ActorUserId })
            .IsUnique()
            .HasFilter($"\"Kind\" = {(int)MessageEventKind.Seen}")
            .HasDatabaseName("IX_MessageEvents_SeenOncePerUser");
    }
}
