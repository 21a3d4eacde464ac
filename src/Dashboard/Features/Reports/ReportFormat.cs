using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Reports;

/// <summary>How the report writes its figures, the same on the page and in the e-mail.</summary>
public static class ReportFormat
{
    /// <summary>A response time as people say it: "45秒", "3分10秒", "2時間5分"; "—" when there is none.</summary>
    public static string Duration(IStringLocalizer text, double? seconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (seconds is not { } s)
        {
            return "—";
        }
        var span = TimeSpan.FromSeconds(Math.Round(s));
        if (span.TotalMinutes < 1)
        {
            return text["Report_Seconds", span.Seconds];
        }
        if (span.TotalHours < 1)
        {
            return text["Report_MinutesSeconds", span.Minutes, span.Seconds];
        }
        return text["Report_HoursMinutes", (int)span.TotalHours, span.Minutes];
    }

    public static string Minutes(double? seconds) =>
        seconds is { } s ? (s / 60).ToString("0.0", CultureInfo.InvariantCulture) : "";
}
