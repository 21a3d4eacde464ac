using Dashboard.Data;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.Demo;

/// <summary>A realistic policy per demo tenant: the person in charge at once by phone and e-mail, the deputy after 5 minutes, the owner after 10, twice over.</summary>
internal static class DemoEscalation
{
    public static void Add(AppDbContext db, Guid tenantId, (string Name, string Email, string Phone, string Language)[] people, DateTimeOffset now)
    {
        var contacts = people.Select(p => new Contact
        {
            TenantId = tenantId, Name = p.Name, Email = p.Email, Language = p.Language,
            Phone = CallbackNumbers.TryNormalize(p.Phone, out var e164) ? e164 : null,
        }).ToList();
        db.Contacts.AddRange(contacts);

        db.BusinessHours.Add(new BusinessHours
        {
            TenantId = tenantId,
            Weekly = [.. Enumerable.Range(1, 5).Select(d => new OpeningPeriod { Day = (DayOfWeek)d, Open = new(9, 0), Close = new(18, 0) }),
                new OpeningPeriod { Day = DayOfWeek.Saturday, Open = new(9, 0), Close = new(13, 0) }],
        });
        var year = DateOnly.FromDateTime(now.UtcDateTime).Year;
        foreach (var day in new[] { new DateOnly(year, 12, 29), new DateOnly(year, 12, 30), new DateOnly(year, 12, 31), new DateOnly(year + 1, 1, 2), new DateOnly(year + 1, 1, 3) })
        {
            db.ClosedDates.Add(new ClosedDate { TenantId = tenantId, Date = day, Reason = "年末年始休業" });
        }

        static EscalationTarget To(Contact c, NotificationChannel channel) => new() { Kind = TargetKind.Contact, ContactId = c.Id, Channel = channel };
        var policy = new EscalationPolicy { TenantId = tenantId, Name = "至急・緊急の呼び出し", CurrentVersion = 1 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = tenantId, PolicyId = policy.Id, Version = 1, Urgencies = [Urgency.Urgent, Urgency.Emergency],
            Hours = HoursCoverage.Always, Repeats = 2, CreatedAt = now, CreatedBy = "デモ",
            Steps =
            [
                new() { DelayMinutes = 0, Targets = [To(contacts[0], NotificationChannel.PhoneCall), To(contacts[0], NotificationChannel.Email)] },
                new() { DelayMinutes = 5, Targets = [To(contacts[1], NotificationChannel.PhoneCall)] },
                new() { DelayMinutes = 10, Targets = [To(contacts[2], NotificationChannel.PhoneCall), new() { Kind = TargetKind.AllStaff, Channel = NotificationChannel.Email }] },
            ],
        });
        db.EscalationPolicies.Add(policy);
    }
}
