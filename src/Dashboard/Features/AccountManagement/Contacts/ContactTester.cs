using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;
using Dashboard.Features.Notifications.Phone;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.AccountManagement.Contacts;

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
/// Sends a test e-mail or a test call to a contact through the channel's real <see cref="INotificationSender"/>,
/// and records the outcome in the audit log (entity "ContactTest"). A test belongs to no message, and a
/// <see cref="NotificationAttempt"/> row must belong to one, so the attempt handed to the sender is never saved:
/// nothing about a test can be mistaken for an escalation, retried by the engine, or counted on a message.
/// A real test call is answered by its own webhooks (<see cref="TestCallWebhooks"/>): "press 1" verifies the number;
/// a real test e-mail carries a "this address works" link (<see cref="VerifyLinks"/>) instead of an acknowledge link.
/// </summary>
public sealed class ContactTester(
    IEnumerable<INotificationSender> senders, IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text, TimeProvider time, PublicUrls urls,
    VerifyTokens verifyTokens, VerifyEmailComposer verifyEmails)
{
    public const string AuditEntity = "ContactTest";

    public async Task<ContactTestResult> TestAsync(Guid tenantId, Guid contactId, NotificationChannel channel, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId && c.TenantId == tenantId, cancellationToken)
            ?? throw new ContactNotFoundException(contactId);
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId, cancellationToken);
        var address = channel == NotificationChannel.Email ? contact.Email : contact.Phone;
        var sender = senders.FirstOrDefault(s => s.Channel == channel);
        ContactTestResult result;
        if (address is null || sender is null)
        {
            result = new ContactTestResult(ContactTestOutcome.Failed, null, text["ContactTest_NoAddress"]);
        }
        else
        {
            result = await SendAsync(sender, Sending(sender, contact, channel, address, tenant), cancellationToken);
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

    /// <summary>How the test goes out: a real call gets the test call's webhooks; the development outbox takes the plain test.</summary>
    private Func<CancellationToken, Task<string>> Sending(INotificationSender sender, Contact contact, NotificationChannel channel, string address, Tenant tenant) =>
        sender switch
        {
            TwilioCallSender twilio => token => twilio.PlaceCallAsync(address, urls.For(PhoneWebhookPaths.TestVoice(contact.TenantId, contact.Id)), null, token),
            SmtpEmailSender smtp => token => smtp.SendComposedAsync(contact.Name, address, verifyEmails.Compose(new VerifyEmailInput(contact.Name, tenant.DisplayName,
                contact.Language, urls.For($"verify/{verifyTokens.Issue(contact.TenantId, contact.Id, address, contact.Language)}"))), token),
            _ => token => sender.SendAsync(TestAttempt(contact, channel, address), TestMessage(contact, tenant.Slug), token),
        };

    private static async Task<ContactTestResult> SendAsync(INotificationSender sender, Func<CancellationToken, Task<string>> send, CancellationToken cancellationToken)
    {
        try
        {
            var reference = await send(cancellationToken);
            return new ContactTestResult(sender is DevOutboxSender ? ContactTestOutcome.DevOutbox : ContactTestOutcome.Sent, reference, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A test is never retried: whatever went wrong is shown to the account manager as it is.
            return new ContactTestResult(ContactTestOutcome.Failed, null, ex.Message);
        }
    }

    private static NotificationAttempt TestAttempt(Contact contact, NotificationChannel channel, string address) => new()
    {
        TenantId = contact.TenantId, ContactId = contact.Id, RecipientName = contact.Name, Address = address,
        Channel = channel, Language = contact.Language, Status = AttemptStatus.Sending,
    };

    /// <summary>What the test says, in the contact's language: plainly a test that needs nothing done.</summary>
    private MessageDto TestMessage(Contact contact, string tenantSlug)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(contact.Language == "en" ? "en" : "ja");
        string Say(string key) => Localized(key, culture);
        var now = time.GetUtcNow();
        return new MessageDto(Guid.Empty, tenantSlug, now, Say("ContactTest_Caller"), "", "", contact.Name, Say("ContactTest_Subject"),
            Say("ContactTest_Body"), Urgency.Normal, "", "", MessageStatus.New, null, null, null, null, null, null, now, [], null, null, null, [], []) { TenantId = contact.TenantId };
    }

    private string Localized(string key, System.Globalization.CultureInfo culture)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = culture;
        try
        {
            return text[key];
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
