using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Contacts;

public enum ContactTestOutcome
{
    /// <summary>The provider (SMTP server, Twilio) accepted it.</summary>
    Sent,
    /// <summary>No provider is configured: it went to the development outbox and left no machine.</summary>
    DevOutbox,
    Failed,
}

public sealed record ContactTestResult(ContactTestOutcome Outcome, string? Reference, string? Error);

/// <summary>
/// Sends a test through a contact's channel (any <see cref="INotificationChannel"/>: its description picks the address, it composes the
/// test), and records the outcome in the audit log (entity "ContactTest"). A test belongs to no message and creates no
/// attempt: nothing about it can be mistaken for an escalation, retried by the engine, or counted on a message. A reply to
/// it ("press 1" on a test call, the test e-mail's "this address works" link, <see cref="VerifyLinks"/>) confirms the address.
/// </summary>
public sealed class ContactTester(
    IEnumerable<INotificationChannel> channels, NotificationChannelCatalog catalog, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, TimeProvider time, PublicUrls urls,
    VerifyTokens verifyTokens)
{
    public const string AuditEntity = "ContactTest";

    public async Task<ContactTestResult> TestAsync(Guid tenantId, Guid contactId, NotificationChannel channel, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.TenantId == tenantId, cancellationToken)
            ?? throw new ContactNotFoundException(contactId);
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId, cancellationToken);
        var sender = channels.For(channel);
        var address = catalog.Find(channel)?.AddressOf(contact.ToPoints());
        ContactTestResult result;
        if (address is null || sender is null)
        {
            result = new ContactTestResult(ContactTestOutcome.Failed, null, text["ContactTest_NoAddress"]);
        }
        else
        {
            result = await SendAsync(sender, Envelope(contact, address, tenant), cancellationToken);
        }
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(), TenantId = tenantId, ActorUserId = db.Tenant.UserId, ActorName = db.Tenant.ActorName,
            Entity = AuditEntity, EntityId = contactId.ToString(), Action = AuditAction.Created,
            After = JsonSerializer.Serialize(new { Channel = channel.ToString(), Address = address, Outcome = result.Outcome.ToString(), result.Reference, result.Error }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// The test to <paramref name="address"/>: a reply confirms it. The /verify link is made for every channel; those that
    /// reply by link carry it, the others (a call's keypress) reply through their own webhooks to the same handler.
    /// </summary>
    private NotificationEnvelope Envelope(Contact contact, string address, Tenant tenant)
    {
        var verifyLink = urls.For($"verify/{verifyTokens.Issue(contact.TenantId, contact.Id, address, contact.Language)}");
        return new NotificationEnvelope(Guid.CreateVersion7(), contact.TenantId, new NotificationRecipient(address, contact.Name, contact.Id), contact.Language,
            new TestNotification(tenant.DisplayName), new ReplyPath(ReplyMeaning.ConfirmAddress, contact.TenantId, contact.Id, null, verifyLink));
    }

    private static async Task<ContactTestResult> SendAsync(INotificationChannel channel, NotificationEnvelope envelope, CancellationToken cancellationToken)
    {
        SendOutcome outcome;
        try
        {
            outcome = await channel.SendAsync(envelope, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new SendOutcome.Unknown(ex.Message, ex);
        }
        // A test is never retried: whatever went wrong is shown to the account manager as it is.
        return outcome is SendOutcome.Sent sent
            ? new ContactTestResult(channel.DeliversToDevOutbox ? ContactTestOutcome.DevOutbox : ContactTestOutcome.Sent, sent.ProviderReference, null)
            : new ContactTestResult(ContactTestOutcome.Failed, null, outcome.Reason);
    }
}
