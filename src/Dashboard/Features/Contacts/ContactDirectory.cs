using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Accounts;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Contacts;

/// <summary>A tenant's contacts as the contacts page lists them: the contacts, the staff accounts they can be linked to, and each one's last test.</summary>
public sealed record TenantContacts(List<Contact> Contacts, List<ApplicationUser> Users, Dictionary<(Guid ContactId, NotificationChannel Channel), string> LastTests);

/// <summary>Reads a tenant's contacts for the pages, so they need no database context.</summary>
public sealed class ContactDirectory(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<TenantContacts> ForTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.TenantId == tenantId)
            .OrderByDescending(c => c.IsActive).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId).OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        // The newest test outcome per contact and channel, from the audit log where tests are recorded.
        var tests = await db.AuditEntries.AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.Entity == ContactTester.AuditEntity)
            .OrderByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
        var lastTests = new Dictionary<(Guid, NotificationChannel), string>();
        foreach (var test in tests)
        {
            using var json = JsonDocument.Parse(test.After ?? "{}");
            if (Guid.TryParse(test.EntityId, out var contactId)
                && Enum.TryParse<NotificationChannel>(json.RootElement.GetProperty("Channel").GetString(), out var channel))
            {
                lastTests.TryAdd((contactId, channel), json.RootElement.GetProperty("Outcome").GetString() ?? "");
            }
        }
        return new TenantContacts(contacts, users, lastTests);
    }
}
