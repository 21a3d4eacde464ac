using System.Globalization;
using System.Net;
using System.Text;
using Dashboard.Features.Notifications.Email;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Reports;

/// <summary>The monthly report e-mail: the month's headline figures in the recipient's language and one link to the full report page.</summary>
public sealed class ReportEmailComposer(IStringLocalizer<SharedResource> text)
{
    public ComposedEmail Compose(MonthlyReport report, string language, Uri reportUrl)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reportUrl);
        using var _ = new CultureScope(language);
        var month = ReportMonth.TryParse(report.Month, out var m) ? m.FirstDay.ToString(text["Report_MonthFormat"], CultureInfo.CurrentCulture) : report.Month;
        var subject = text["ReportEmail_Subject", report.TenantName, month];
        var lines = new List<(string Label, string Value)>
        {
            (text["Report_TotalCalls"], report.Calls.Total.ToString("N0", CultureInfo.CurrentCulture)),
            (text["Report_UrgentCalls"], report.Calls.Urgent.ToString("N0", CultureInfo.CurrentCulture)),
            (text["Report_EmergencyCalls"], report.Calls.Emergency.ToString("N0", CultureInfo.CurrentCulture)),
            (text["Report_AcknowledgeP50"], ReportFormat.Duration(text, report.Acknowledge.P50Seconds)),
            (text["Report_AcknowledgeP90"], ReportFormat.Duration(text, report.Acknowledge.P90Seconds)),
            (text["Report_CallbackP50"], ReportFormat.Duration(text, report.Callback.P50Seconds)),
            (text["Report_CallbackP90"], ReportFormat.Duration(text, report.Callback.P90Seconds)),
            (text["Report_EscalationsStarted"], report.Escalations.Started.ToString("N0", CultureInfo.CurrentCulture)),
            (text["Report_EscalationsExhausted"], report.Escalations.Exhausted.ToString("N0", CultureInfo.CurrentCulture)),
        };
        string intro = text["ReportEmail_Intro", report.TenantName, month], button = text["ReportEmail_Button"], url = reportUrl.AbsoluteUri;
        var plain = new StringBuilder().AppendLine(intro).AppendLine();
        foreach (var (label, value) in lines)
        {
            plain.Append(label).Append(": ").AppendLine(value);
        }
        plain.AppendLine().AppendLine(button).AppendLine(url);
        static string E(string value) => WebUtility.HtmlEncode(value);
        var rows = string.Concat(lines.Select(l => $"<tr><td style=\"padding:4px 12px 4px 0;color:#616161\">{E(l.Label)}</td><td style=\"padding:4px 0;font-weight:bold;text-align:right\">{E(l.Value)}</td></tr>"));
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{(language == "en" ? "en" : "ja")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="margin:0;padding:16px;background:#f5f5f5;font-family:'Hiragino Sans','Meiryo','Noto Sans JP',Roboto,Arial,sans-serif;color:#212121">
            <div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:4px;border-top:6px solid #1565c0;padding:24px">
            <p style="margin:0 0 16px">{E(intro)}</p>
            <table style="border-collapse:collapse;margin:0 0 24px">{rows}</table>
            <p style="text-align:center;margin:0"><a href="{E(url)}" style="display:inline-block;background:#1565c0;color:#ffffff;font-size:16px;font-weight:bold;padding:12px 28px;border-radius:4px;text-decoration:none">{E(button)}</a></p>
            </div></body></html>
            """);
        return new ComposedEmail(subject, html, plain.ToString(), text["Email_FromName"]);
    }
}
