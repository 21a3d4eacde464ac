using Dashboard.Features.Messages;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// The phone channel: a call through Twilio when `Twilio:AccountSid` is set (<paramref name="twilio"/>), whose
/// webhooks in this folder say the alert or the test and take the keypress; otherwise the development outbox,
/// whose rows simulate answering and pressing 1 through the same reply handler the keypress webhook uses.
/// </summary>
public sealed class PhoneChannel(TwilioCallSender? twilio, PublicUrls urls, IEnumerable<INotificationReplyHandler> replies) : INotificationChannel
{
    /// <summary>A number is called at most once a minute (across tenants and nodes), and an unverified one is worth a warning.</summary>
    public static readonly ChannelDescription Description = new()
    {
        Kind = NotificationChannel.PhoneCall, NameKey = "NotificationChannel_PhoneCall", Icon = MudBlazor.Icons.Material.Filled.Phone,
        Address = ContactAddress.Phone, TestKey = "ContactTest_Call", TestSentKey = "ContactTest_SentCall", OwnTestSentKey = "Me_TestCallSent",
        ProviderSetting = "Twilio:AccountSid", RepliesAs = ChangeChannel.PhoneKeypress, PacePerAddress = TimeSpan.FromMinutes(1), WarnWhenUnverified = true,
    };

    public NotificationChannel Kind => Description.Kind;

    public bool DeliversToDevOutbox => twilio is null;

    public Task<SendOutcome> SendAsync(NotificationEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (twilio is null)
        {
            return Task.FromResult(DevOutbox.Accept(envelope));
        }
        var to = envelope.Recipient.Address;
        var tenantId = envelope.TenantId;
        return SendOutcome.OfAsync(() => envelope.Reply.Meaning switch
        {
            // A test call and a callback reminder have their own scripts and webhooks, and no attempt whose progress could be reported.
            ReplyMeaning.ConfirmAddress => twilio.PlaceCallAsync(to, urls.For(PhoneWebhookPaths.TestVoice(tenantId, envelope.Reply.SubjectId)), null, cancellationToken),
            ReplyMeaning.SnoozeCallbackReminder => twilio.PlaceCallAsync(to, urls.For(PhoneWebhookPaths.ReminderVoice(tenantId, envelope.Reply.SubjectId)), null, cancellationToken),
            _ => twilio.PlaceCallAsync(to, urls.For(PhoneWebhookPaths.Voice(tenantId, envelope.Id)), urls.For(PhoneWebhookPaths.Status(tenantId, envelope.Id)), cancellationToken),
        });
    }

    private static readonly DeliveryReport Answered = new(NotificationChannel.PhoneCall, DeliveryEvent.Answered);

    public IReadOnlyList<DevOutboxAction> DevOutboxActions(DevOutboxRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Progress is not (DeliveryProgress.Sent or DeliveryProgress.Answered))
        {
            return [];
        }
        var path = new ReplyPath(ReplyMeaning.Acknowledge, row.TenantId, row.Id, row.MessageId);
        var handler = replies.For(ReplyMeaning.Acknowledge);
        return
        [
            new DevOutboxAction("DevOutbox_Answer", "answer", SimulateAsync: token => handler.ReportAsync(path, Answered, token)),
            new DevOutboxAction("DevOutbox_PressOne", "press-1", Primary: true, SimulateAsync: async token =>
            {
                await handler.ReportAsync(path, Answered, token);
                await handler.ReplyAsync(path, NotificationChannel.PhoneCall, row.Address, token);
            }),
        ];
    }
}
