using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>Turns a step's targets into attempt rows: one per person and channel, with the address to use.</summary>
internal static class EscalationTargets
{
    public static async Task<List<NotificationAttempt>> AttemptsForAsync(AppDbContext db, NotificationChannelCatalog channels,
        Message message, EscalationStep step, MessageEscalation escalation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contactIds = step.Targets.Where(t => t.Kind == TargetKind.Contact && t.ContactId is not null).Select(t => t.ContactId!.Value).ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id) && c.IsActive).ToDictionaryAsync(c => c.Id, cancellationToken);
        var attempts = new List<NotificationAttempt>();

        NotificationAttempt Attempt(string name, string? address, NotificationChannel channel, string language, Guid? contactId) => new()
        {
            TenantId = message.TenantId, MessageId = message.Id, ContactId = contactId, RecipientName = name,
            Address = address ?? "", Channel = channel, Language = language, Round = escalation.Round, StepIndex = escalation.StepIndex,
            // A target without an address for its channel is recorded, not silently skipped.
            Status = string.IsNullOrEmpty(address) ? AttemptStatus.Failed : AttemptStatus.Pending,
            Error = string.IsNullOrEmpty(address) ? "No address for this channel" : null,
            CreatedAt = now, UpdatedAt = now,
        };

        foreach (var target in step.Targets)
        {
            if (target.Kind == TargetKind.AllStaff)
            {
                var staff = await db.Users.AsNoTracking()
                    .Where(u => u.TenantId == message.TenantId && u.Email != null)
                    .Select(u => new { u.Id, u.DisplayName, u.Email, u.PreferredCulture }).ToListAsync(cancellationToken);
                attempts.AddRange(staff.Select(u => Attempt(u.DisplayName, u.Email, EscalationTarget.AllStaffChannel, u.PreferredCulture, null)));
            }
            else if (target.ContactId is { } id && contacts.TryGetValue(id, out var contact))
            {
                // The channel's registration says which of the person's addresses it uses; an unregistered one has none.
                var address = channels.Find(target.Channel)?.AddressOf(contact.ToPoints());
                attempts.Add(Attempt(contact.Name, address, target.Channel, contact.Language, contact.Id));
            }
        }
        // The same person on the same channel twice in one step is one attempt.
        return [.. attempts.DistinctBy(a => (a.Channel, a.Address))];
    }
}
