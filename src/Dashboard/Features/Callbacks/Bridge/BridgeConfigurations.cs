using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Features.Callbacks.Bridge;

internal sealed class BridgeCallConfiguration : IEntityTypeConfiguration<BridgeCall>
{
    public void Configure(EntityTypeBuilder<BridgeCall> e)
    {
        e.Property(b => b.UserName).HasMaxLength(MessageLimits.Name);
        e.Property(b => b.StaffNumber).HasMaxLength(32);
        e.Property(b => b.Language).HasMaxLength(16);
        e.Property(b => b.CallerNumber).HasMaxLength(32);
        e.Property(b => b.CallerId).HasMaxLength(32);
        e.Property(b => b.CallSid).HasMaxLength(200);
        e.Property(b => b.Problem).HasMaxLength(500);
        e.Property(b => b.DialStatus).HasMaxLength(32);
        e.HasOne<Message>().WithMany().HasForeignKey(b => b.MessageId).OnDelete(DeleteBehavior.Cascade);
        // The button asks "is this user already bridging this message?"; the dev outbox lists the newest.
        e.HasIndex(b => new { b.MessageId, b.UserId, b.CreatedAt });
        e.HasIndex(b => b.CreatedAt);
    }
}

internal sealed class OutgoingCallerIdConfiguration : IEntityTypeConfiguration<OutgoingCallerId>
{
    public void Configure(EntityTypeBuilder<OutgoingCallerId> e)
    {
        e.HasKey(c => c.TenantId);
        e.Property(c => c.Number).HasMaxLength(32);
        e.HasOne<Tenant>().WithOne().HasForeignKey<OutgoingCallerId>(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
