using System.Globalization;
using System.Net;
using System.Text;
using Dashboard.Components.Shared;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Notifications.Email;

/// <summary>Everything an escalation e-mail says, gathered by the sender.</summary>
public sealed record EscalationEmailInput(AlertDetails Message, string TenantName, TimeZoneInfo TimeZone, string RecipientName, string Language, Uri AcknowledgeUrl);

/// <summary>The mail in one language; <see cref="SenderName"/> is used when `Smtp:From` names no one.</summary>
public sealed record ComposedEmail(string Subject, string Html, string Text, string SenderName);

/// <summary>
/// Writes the escalation e-mail (subject, HTML and plain text) in the recipient's language, whatever the
/// culture of the thread that sends it. Every field that came from a caller or an operator is HTML-encoded.
/// </summary>
public sealed class EscalationEmailComposer(IStringLocalizer<SharedResource> text)
{
    public ComposedEmail Compose(EscalationEmailInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var _ = new CultureScope(input.Language);
        var message = input.Message;
        var urgency = text[$"Urgency_{message.Urgency}"].Value;
        var subjectLine = string.IsNullOrWhiteSpace(message.Subject) ? text["Email_NoSubject"].Value : message.Subject;
        var received = $"{TimeDisplay.Local(message.ReceivedAt, input.TimeZone)} ({input.TimeZone.Id})";
        var callback = string.IsNullOrEmpty(message.CallbackNumber) ? "" : message.CallbackDisplay;

        // Label and value of each detail line, in the order a person scanning the mail wants them.
        var details = new List<(string Label, string Value)>
        {
            (text["Email_UrgencyLabel"], urgency),
            (text["Email_TenantLabel"], input.TenantName),
            (text["Email_ReceivedLabel"], received),
            (text["Message_CallerName"], message.CallerName),
            (text["Message_CallerOrganization"], message.CallerOrganization),
            (text["Message_CallbackNumber"], callback),
            (text["Message_ForWhom"], message.ForWhom),
            (text["Message_Subject"], subjectLine),
            (text["Message_Body"], message.Body),
            (text["Message_OperatorNote"], message.OperatorNote),
        };
        details.RemoveAll(d => string.IsNullOrWhiteSpace(d.Value));

        var subject = text["Email_Subject", urgency, subjectLine, input.TenantName].Value;
        return new ComposedEmail(subject, Html(input, urgency, callback, details), PlainText(input, urgency, details), text["Email_FromName"]);
    }

    private string PlainText(EscalationEmailInput input, string urgency, List<(string Label, string Value)> details)
    {
        var body = new StringBuilder();
        body.AppendLine(text["Email_Greeting", input.RecipientName]).AppendLine();
        body.AppendLine(text["Email_Intro", input.TenantName, urgency]).AppendLine();
        foreach (var (label, value) in details)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{label}: {value}");
        }
        if (!string.IsNullOrEmpty(input.Message.CallbackNumber))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"tel:{input.Message.CallbackNumber}");
        }
        body.AppendLine();
        body.AppendLine(text["Email_AcknowledgeButton"]).AppendLine(input.AcknowledgeUrl.AbsoluteUri);
        body.AppendLine(text["Email_AcknowledgeHint"]).AppendLine();
        body.AppendLine(text["Email_Footer", input.TenantName]);
        return body.ToString();
    }

    private string Html(EscalationEmailInput input, string urgency, string callback, List<(string Label, string Value)> details)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var colour = input.Message.Urgency switch
        {
            AlertUrgency.Emergency => "#c62828",
            AlertUrgency.Urgent => "#ef6c00",
            _ => "#546e7a",
        };
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{input.Language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="margin:0;padding:16px;background:#f5f5f5;font-family:'Hiragino Sans','Meiryo','Noto Sans JP',Roboto,Arial,sans-serif;color:#212121">
            <div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px;border-top:6px solid {colour};padding:24px">
            <p style="margin:0 0 8px">{E(text["Email_Greeting", input.RecipientName])}</p>
            <p style="margin:0 0 16px;font-size:18px;font-weight:bold;color:{colour}">&#9888; {E(text["Email_Intro", input.TenantName, urgency])}</p>
            """);
        if (callback.Length > 0)
        {
            // The callback number is the most important thing: big, and one tap to call.
            html.Append(CultureInfo.InvariantCulture, $"""
                <p style="margin:0 0 16px;font-size:24px;font-weight:bold"><a href="tel:{E(input.Message.CallbackNumber)}" style="color:#1565c0;text-decoration:none">&#9742; {E(callback)}</a></p>
                """);
        }
        html.Append("""<table style="border-collapse:collapse;width:100%;margin:0 0 24px">""");
        foreach (var (label, value) in details)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><th style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;color:#616161;white-space:nowrap;font-weight:normal">{E(label)}</th><td style="padding:6px 0;white-space:pre-wrap">{E(value)}</td></tr>
                """);
        }
        html.Append(CultureInfo.InvariantCulture, $"""
            </table>
            <p style="text-align:center;margin:0 0 12px"><a href="{E(input.AcknowledgeUrl.AbsoluteUri)}" style="display:inline-block;background:#1565c0;color:#ffffff;font-size:18px;font-weight:bold;padding:14px 32px;border-radius:4px;text-decoration:none">{E(text["Email_AcknowledgeButton"])}</a></p>
            <p style="margin:0 0 16px;font-size:13px;color:#616161">{E(text["Email_AcknowledgeHint"])}</p>
            <p style="margin:0;font-size:12px;color:#9e9e9e">{E(text["Email_Footer", input.TenantName])}</p>
            </div></body></html>
            """);
        return html.ToString();
    }
}
