using System.Text.RegularExpressions;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>The steps the e-mail tests share: a policy that e-mails first, and reading what the mail and the database say.</summary>
public static partial class EmailEscalation
{
    public const string LeadAddress = "lead@alpha.example";
    public const string LeadName = "担当 一郎";
    public const string DeputyAddress = "deputy@alpha.example";

    /// <summary>Tenant A: at once an e-mail to the person in charge (in <paramref name="language"/>); after 5 minutes, the deputy by e-mail and phone.</summary>
    public static async Task AddPolicyAsync(AppFixture fixture, string language = "ja")
    {
        var tenantId = fixture.World.TenantA.Id;
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var lead = new Contact { TenantId = tenantId, Name = LeadName, Email = LeadAddress, Language = language };
        var deputy = new Contact { TenantId = tenantId, Name = "副担当 二郎", Email = DeputyAddress, Phone = "+819033334444" };
        var policy = new EscalationPolicy { TenantId = tenantId, Name = "至急", CurrentVersion = 1 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = tenantId, PolicyId = policy.Id, Version = 1, Repeats = 1,
            Steps =
            [
                new() { DelayMinutes = 0, Targets = [new() { ContactId = lead.Id, Channel = NotificationChannel.Email }] },
                new() { DelayMinutes = 5, Targets = [new() { ContactId = deputy.Id, Channel = NotificationChannel.Email }, new() { ContactId = deputy.Id, Channel = NotificationChannel.PhoneCall }] },
            ],
        });
        db.Contacts.AddRange(lead, deputy);
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The acknowledge link in a mail's plain-text part (the HTML part carries the same one).</summary>
    public static Uri AcknowledgeLink(MimeMessage mail) => new(AckLink().Match(mail.TextBody ?? "").Value);

    public static string TokenOf(Uri link) => link.AbsolutePath["/ack/".Length..];

    public static async Task<List<NotificationAttempt>> AttemptsAsync(AppFixture fixture, Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).OrderBy(a => a.CreatedAt)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<Dashboard.Features.Messages.Message> MessageAsync(AppFixture fixture, Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.Messages.AsNoTracking().FirstAsync(m => m.Id == messageId, TestContext.Current.CancellationToken);
    }

    public static async Task<MessageEscalation> EscalationAsync(AppFixture fixture, Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.MessageEscalations.AsNoTracking().FirstAsync(e => e.MessageId == messageId, TestContext.Current.CancellationToken);
    }

    /// <summary>Makes the next step due now and runs its wake-up, as Hangfire would when its time comes.</summary>
    public static async Task RunNextStepNowAsync(AppFixture fixture, Guid messageId)
    {
        var escalation = await EscalationAsync(fixture, messageId);
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        }
        await using var scope = fixture.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EscalationJobs>()
            .RunStepAsync(escalation.TenantId, messageId, escalation.Sequence, TestContext.Current.CancellationToken);
    }

    [GeneratedRegex(@"https?://\S+/ack/[A-Za-z0-9_-]+")]
    private static partial Regex AckLink();
}
