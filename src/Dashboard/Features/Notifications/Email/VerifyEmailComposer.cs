using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Notifications.Email;

/// <summary>Who a test e-mail is for, and the link that confirms the address.</summary>
public sealed record VerifyEmailInput(string RecipientName, string TenantName, string Language, Uri VerifyUrl);

/// <summary>The test e-mail: plainly a test, in the contact's language, with one "this address works" link and no acknowledge link.</summary>
public sealed class VerifyEmailComposer(IStringLocalizer<SharedResource> text)
{
    public ComposedEmail Compose(VerifyEmailInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var _ = new CultureScope(input.Language);
        string greeting = text["Email_Greeting", input.RecipientName], intro = text["VerifyEmail_Body", input.TenantName];
        string button = text["VerifyEmail_Button"], hint = text["VerifyEmail_Hint"], url = input.VerifyUrl.AbsoluteUri;
        var plain = new StringBuilder().AppendLine(greeting).AppendLine().AppendLine(intro).AppendLine()
            .AppendLine(button).AppendLine(url).AppendLine().AppendLine(hint).ToString();
        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{input.Language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="margin:0;padding:16px;background:#f5f5f5;font-family:'Hiragino Sans','Meiryo','Noto Sans JP',Roboto,Arial,sans-serif;color:#212121">
            <div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px;border-top:6px solid #546e7a;padding:24px">
            <p style="margin:0 0 8px">{E(greeting)}</p>
            <p style="margin:0 0 24px">{E(intro)}</p>
            <p style="text-align:center;margin:0 0 12px"><a href="{E(url)}" style="display:inline-block;background:#2e7d32;color:#ffffff;font-size:18px;font-weight:bold;padding:14px 32px;border-radius:4px;text-decoration:none">{E(button)}</a></p>
            <p style="margin:0;font-size:13px;color:#616161">{E(hint)}</p>
            </div></body></html>
            """);
        return new ComposedEmail(text["VerifyEmail_Subject", input.TenantName], html, plain, text["Email_FromName"]);
    }
}
