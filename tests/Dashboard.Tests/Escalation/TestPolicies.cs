using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Escalation;

/// <summary>A tenant's escalation policy for tests: the person in charge first (phone and e-mail), then the deputy by phone.</summary>
public static class TestPolicies
{
    public const string LeadName = "担当 一郎";
    public const string LeadPhone = "+819011112222";
    public const string LeadEmail = "lead@alpha.example";
    public const string DeputyName = "副担当 二郎";
    public const string DeputyPhone = "+819033334444";

    public static async Task AddLeadThenDeputyAsync(string connectionString, Guid tenantId, int firstStepMinutes = 0, int secondStepMinutes = 5, int repeats = 1)
    {
        await using var db = TestDatabase.CreateSystemContext(connectionString);
        var lead = new Contact { TenantId = tenantId, Name = LeadName, Phone = LeadPhone, Email = LeadEmail };
        var deputy = new Contact { TenantId = tenantId, Name = DeputyName, Phone = DeputyPhone };
        var policy = new EscalationPolicy { TenantId = tenantId, Name = "至急", CurrentVersion = 1 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = tenantId, PolicyId = policy.Id, Version = 1, Repeats = repeats,
            Steps =
            [
                new() { DelayMinutes = firstStepMinutes, Targets = [new() { ContactId = lead.Id, Channel = NotificationChannel.PhoneCall }, new() { ContactId = lead.Id, Channel = NotificationChannel.Email }] },
                new() { DelayMinutes = secondStepMinutes, Targets = [new() { ContactId = deputy.Id, Channel = NotificationChannel.PhoneCall }] },
            ],
        });
        db.Contacts.AddRange(lead, deputy);
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
