using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Dashboard.Features.Notifications.Email;

/// <summary>
/// Sends a composed e-mail over SMTP (MailKit) and returns its Message-Id. What the caller needs to know is
/// whether the mail may have gone out. A reply from the server at any stage (greeting, MAIL, RCPT, the end of DATA)
/// is an answer: 4xx means "not taken, try again later" (<see cref="TransientSendException"/>, retried), 5xx "not
/// taken, never will be" (<see cref="RejectedSendException"/>). Without a reply, a failure before the recipient was
/// accepted is certainly "not sent" (retried); after it the content may be on its way, so the outcome is unknown
/// and never repeated.
/// </summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options)
{
    /// <summary>The send happens while the message row is share-locked; an acknowledgement waits at most this long for it.</summary>
    private const int TimeoutMilliseconds = 20_000;

    /// <summary>Sends a composed mail and returns its Message-Id; failures as described above.</summary>
    public Task<string> SendAsync(string recipientName, string address, ComposedEmail email, CancellationToken cancellationToken) =>
        DeliverAsync(Envelope(recipientName, address, email), cancellationToken);

    private async Task<string> DeliverAsync(MimeMessage mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        using var client = new RecipientTrackingSmtpClient { Timeout = TimeoutMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, settings.SocketOptions, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Answered(ex) ?? new TransientSendException($"SMTP server {settings.Host}:{settings.Port} not reachable or refused the session: {ex.Message}", ex);
        }

        try
        {
            await client.SendAsync(mail, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && Answered(ex) is { } answered)
        {
            throw answered;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !client.RecipientAccepted)
        {
            throw new TransientSendException($"SMTP session failed before the recipient was accepted: {ex.Message}", ex);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException)
        {
            // The server already accepted the message; a rude goodbye changes nothing.
        }
        return mail.MessageId!;
    }

    /// <summary>The server's own answer, when it gave one: 4xx try again, 5xx never (MAIL, RCPT, end of DATA, greeting, AUTH).</summary>
    private static Exception? Answered(Exception ex) => ex switch
    {
        SmtpCommandException { StatusCode: var code } command when (int)code is >= 400 and < 500 =>
            new TransientSendException($"SMTP server deferred the message ({(int)code}, {command.ErrorCode}): {ex.Message}", ex),
        SmtpCommandException { StatusCode: var code } command when (int)code is >= 500 and < 600 =>
            // Certainly not taken, and asking again gets the same answer.
            new RejectedSendException($"SMTP server rejected {command.ErrorCode} ({(int)code}): {ex.Message}", ex),
        AuthenticationException => new RejectedSendException($"SMTP server refused the credentials: {ex.Message}", ex),
        _ => null,
    };

    private MimeMessage Envelope(string recipientName, string address, ComposedEmail email)
    {
        var from = options.Value.FromAddress;
        if (string.IsNullOrWhiteSpace(from.Name))
        {
            from.Name = email.SenderName;
        }
        var mail = new MimeMessage { Subject = email.Subject };
        mail.From.Add(from);
        mail.To.Add(new MailboxAddress(recipientName, address));
        mail.MessageId = MimeUtils.GenerateMessageId(from.Domain);
        // Out-of-office replies to an alert only add noise.
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        mail.Headers.Add("X-Auto-Response-Suppress", "All");
        mail.Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody();
        return mail;
    }

    /// <summary>Knows whether the server accepted the recipient, the last step before the content can leave.</summary>
    private sealed class RecipientTrackingSmtpClient : SmtpClient
    {
        public bool RecipientAccepted { get; private set; }

        protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            RecipientAccepted = true;
            base.OnRecipientAccepted(message, mailbox, response);
        }
    }
}
