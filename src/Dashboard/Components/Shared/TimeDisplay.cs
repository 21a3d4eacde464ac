using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Dashboard.Components.Shared;

/// <summary>Times on screen are in the tenant's time zone, with a relative "3 minutes ago".</summary>
public static class TimeDisplay
{
    public static string Local(DateTimeOffset at, TimeZoneInfo zone, bool withDate = true)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString(withDate ? "yyyy/MM/dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Relative(DateTimeOffset at, DateTimeOffset now, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var elapsed = now - at;
        return elapsed switch
        {
            { TotalMinutes: < 1 } => text["Time_JustNow"],
            { TotalHours: < 1 } => text["Time_MinutesAgo", (int)elapsed.TotalMinutes],
            { TotalDays: < 1 } => text["Time_HoursAgo", (int)elapsed.TotalHours],
            _ => text["Time_DaysAgo", (int)elapsed.TotalDays],
        };
    }
}
