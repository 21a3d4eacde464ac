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

    /// <summary>
    /// A time zone as people read it: its name where the resources have one ("日本時間 (UTC+09:00)"), else the offset at
    /// <paramref name="at"/> and the zone's city ("UTC-05:00 New York"), never the raw IANA id alone.
    /// </summary>
    public static string Zone(TimeZoneInfo zone, DateTimeOffset at, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(text);
        var offset = zone.GetUtcOffset(at);
        var utc = offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset:hh\\:mm}";
        var name = text[$"TimeZone_{zone.Id.Replace('/', '_')}"];
        if (!name.ResourceNotFound)
        {
            return $"{name.Value} ({utc})";
        }
        var city = zone.Id[(zone.Id.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return city.Equals("UTC", StringComparison.OrdinalIgnoreCase) ? utc : $"{utc} {city}";
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
