using System.Globalization;
using Dashboard.Features.Escalation;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.AccountManagement.Hours;

/// <summary>One weekday in the editor: open or closed, and the times as typed ("9:00", "18:30").</summary>
public sealed class DayHoursInput
{
    public DayOfWeek Day { get; set; }
    public bool IsOpen { get; set; }
    public string Open { get; set; } = "09:00";
    public string Close { get; set; } = "18:00";
}

public static class WeeklyHours
{
    /// <summary>Monday first, as a Japanese week is written on a calendar at work.</summary>
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly string[] TimeFormats = ["H:mm", "HH:mm"];

    /// <summary>The editor's rows for stored hours: one period per day (the model allows more; the editor keeps the first).</summary>
    public static List<DayHoursInput> ToInput(BusinessHours? hours) =>
        [.. Week.Select(day => hours?.Weekly.Where(p => p.Day == day).OrderBy(p => p.Open).FirstOrDefault() is { } period
            ? new DayHoursInput { Day = day, IsOpen = true, Open = period.Open.ToString("HH:mm", CultureInfo.InvariantCulture), Close = period.Close.ToString("HH:mm", CultureInfo.InvariantCulture) }
            : new DayHoursInput { Day = day })];

    /// <summary>The periods for the open days, or null with a message per bad day, keyed "{Day}.Open" / "{Day}.Close".</summary>
    public static List<OpeningPeriod>? Validate(IEnumerable<DayHoursInput> days, IStringLocalizer text, Dictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        errors.Clear();
        var periods = new List<OpeningPeriod>();
        foreach (var day in days.Where(d => d.IsOpen))
        {
            var open = ParseTime(day.Open);
            var close = ParseTime(day.Close);
            if (open is null)
            {
                errors[$"{day.Day}.Open"] = text["HoursEditor_TimeInvalid"];
            }
            if (close is null)
            {
                errors[$"{day.Day}.Close"] = text["HoursEditor_TimeInvalid"];
            }
            else if (open is not null && close <= open)
            {
                errors[$"{day.Day}.Close"] = text["HoursEditor_CloseBeforeOpen"];
            }
            if (open is not null && close is not null && close > open)
            {
                periods.Add(new OpeningPeriod { Day = day.Day, Open = open.Value, Close = close.Value });
            }
        }
        return errors.Count > 0 ? null : periods;
    }

    private static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
}
