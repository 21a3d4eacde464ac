using Dashboard.Features.Messages;

namespace Dashboard.Features.Notifications.Email;

/// <summary>
/// The e-mail channel: an alert becomes the escalation mail with its /ack link (whose page and rules live in this
/// folder); a test becomes the test mail with the caller's /verify link. Sent over SMTP when `Smtp:Host` is set
/// (<paramref name="smtp"/>), otherwise accepted into the development outbox, whose rows offer the /ack link.
/// </summary>
public sealed class EmailChannel(
    SmtpEmailSender? smtp, EscalationEmailComposer alerts, VerifyEmailComposer tests, CallbackReminderEmailComposer reminders, AcknowledgeTokens tokens, PublicUrls urls) : INotificationChannel
{
    public static readonly ChannelDescription Description = new()
    {
        Kind = NotificationChannel.Email, NameKey = "NotificationChannel_Email", Icon = MudBlazor.Icons.Material.Filled.Email,
        Address = ContactAddress.Email, TestKey = "ContactTest_Email", TestSentKey = "ContactTest_SentEmail", OwnTestSentKey = "Me_TestEmailSent",
        ProviderSetting = "Smtp:Host", RepliesAs = ChangeChannel.EmailLink,
    };

    public NotificationChannel Kind => Description.Kind;

    public bool DeliversToDevOutbox => smtp is null;

    public Task<SendOutcome> SendAsync(NotificationEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (smtp is null)
        {
            return Task.FromResult(DevOutbox.Accept(envelope));
        }
        var mail = Compose(envelope);
        return SendOutcome.OfAsync(() => smtp.SendAsync(envelope.Recipient.DisplayName, envelope.Recipient.Address, mail, cancellationToken));
    }

    public IReadOnlyList<DevOutboxAction> DevOutboxActions(DevOutboxRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        // The link the e-mail carries, so the demo can walk through acknowledging by e-mail.
        return row.Progress is DeliveryProgress.Sent or DeliveryProgress.Delivered
            ? [new DevOutboxAction("DevOutbox_OpenAckLink", "open-ack-link",
                Href: $"/ack/{tokens.Issue(row.TenantId, row.MessageId, row.Id, row.ContactId, row.Address, row.Language)}")]
            : [];
    }

    private ComposedEmail Compose(NotificationEnvelope envelope) => envelope.Content switch
    {
        AlertNotification alert => alerts.Compose(new EscalationEmailInput(alert.Message, alert.TenantName, alert.TimeZone,
            envelope.Recipient.DisplayName, envelope.Language, envelope.Reply.Link ?? AcknowledgeLink(envelope))),
        TestNotification test => tests.Compose(new VerifyEmailInput(envelope.Recipient.DisplayName, test.TenantName, envelope.Language,
            envelope.Reply.Link ?? throw new ArgumentException("A test e-mail needs the link that confirms the address.", nameof(envelope)))),
        CallbackReminderNotification reminder => reminders.Compose(reminder, envelope.Recipient.DisplayName, envelope.Language),
        _ => throw new ArgumentException($"The e-mail channel cannot compose {envelope.Content.GetType().Name}.", nameof(envelope)),
    };

    private Uri AcknowledgeLink(NotificationEnvelope envelope) =>
        urls.For($"ack/{tokens.Issue(envelope.TenantId, envelope.Reply.ScopeId ?? Guid.Empty, envelope.Id, envelope.Recipient.ContactId, envelope.Recipient.Address, envelope.Language)}");
}
