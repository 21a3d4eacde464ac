using System.Globalization;
using System.Net;
using System.Text;
using Dashboard.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Notifications.Email;

/// <summary>
/// The callback reminder e-mail in the recipient's language: the caller is still waiting since the deadline, their number
/// (one tap to call) and a link to the message's page, where the callback is recorded. Caller fields are HTML-encoded.
/// </summary>
public sealed class CallbackReminderEmailComposer(IStringLocalizer<SharedResource> text)
{
    public ComposedEmail Compose(CallbackReminderNotification reminder, string recipientName, string language)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        using var _ = new CultureScope(language);
        var message = reminder.Message;
        var due = TimeDisplay.Local(reminder.DueAt, reminder.TimeZone);
        var caller = string.IsNullOrWhiteSpace(message.CallerOrganization) ? message.CallerName : $"{message.CallerName}（{message.CallerOrganization}）";
        var subject = text["ReminderEmail_Subject", caller, reminder.TenantName].Value;
        var intro = text["ReminderEmail_Intro", caller, due].Value;
        var greeting = text["Email_Greeting", recipientName].Value;
        var subjectLine = string.IsNullOrWhiteSpace(message.Subject) ? text["Email_NoSubject"].Value : message.Subject;
        var open = text["ReminderEmail_Open"].Value;
        var hint = text["ReminderEmail_Hint"].Value;

        var plain = new StringBuilder()
            .AppendLine(greeting).AppendLine()
            .AppendLine(intro).AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{text["Message_CallbackNumber"]}: {message.CallbackDisplay}")
            .AppendLine(CultureInfo.InvariantCulture, $"tel:{message.CallbackNumber}")
            .AppendLine(CultureInfo.InvariantCulture, $"{text["Message_Subject"]}: {subjectLine}").AppendLine()
            .AppendLine(open).AppendLine(reminder.MessageLink.AbsoluteUri)
            .AppendLine(hint).ToString();

        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{E(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="margin:0;padding:16px;background:#f5f5f5;font-family:'Hiragino Sans','Meiryo','Noto Sans JP',Roboto,Arial,sans-serif;color:#212121">
            <div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px;border-top:6px solid #c62828;padding:24px">
            <p style="margin:0 0 8px">{E(greeting)}</p>
            <p style="margin:0 0 16px;font-size:18px;font-weight:bold;color:#c62828">&#9888; {E(intro)}</p>
            <p style="margin:0 0 16px;font-size:24px;font-weight:bold"><a href="tel:{E(message.CallbackNumber)}" style="color:#1565c0;text-decoration:none">&#9742; {E(message.CallbackDisplay)}</a></p>
            <p style="margin:0 0 16px">{E(text["Message_Subject"])}: {E(subjectLine)}</p>
            <p style="text-align:center;margin:0 0 12px"><a href="{E(reminder.MessageLink.AbsoluteUri)}" style="display:inline-block;background:#1565c0;color:#ffffff;font-size:18px;font-weight:bold;padding:14px 32px;border-radius:4px;text-decoration:none">{E(open)}</a></p>
            <p style="margin:0;font-size:13px;color:#616161">{E(hint)}</p>
            </div></body></html>
            """;
        return new ComposedEmail(subject, html, plain, text["Email_FromName"]);
    }
}
