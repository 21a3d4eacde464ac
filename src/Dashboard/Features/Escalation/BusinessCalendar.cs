namespace Dashboard.Features.Escalation;

/// <summary>Whether a tenant is open at an instant: weekly hours in its time zone, minus public holidays and its own closed dates.</summary>
public static class BusinessCalendar
{
    public static bool IsOpen(BusinessHours? hours, IEnumerable<ClosedDate> closedDates, TimeZoneInfo zone, DateTimeOffset at) =>
        Explain(hours, closedDates, zone, at).IsOpen;

    /// <summary>The decision and the rule that made it, for the dry run and the read-only view.</summary>
    public static OpenDecision Explain(BusinessHours? hours, IEnumerable<ClosedDate> closedDates, TimeZoneInfo zone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(closedDates);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (hours is null || hours.Weekly.Count == 0)
        {
            return new OpenDecision(false, OpenReason.NoHoursSet, null);
        }
        if (closedDates.FirstOrDefault(c => c.Date == date) is { } closed)
        {
            return new OpenDecision(false, OpenReason.TenantClosedDate, closed.Reason);
        }
        if (hours.ClosedOnPublicHolidays && JapaneseHolidays.InYear(date.Year).TryGetValue(date, out var holiday))
        {
            return new OpenDecision(false, OpenReason.PublicHoliday, holiday);
        }
        var open = hours.Weekly.Any(p => p.Day == local.DayOfWeek && time >= p.Open && time < p.Close);
        return new OpenDecision(open, open ? OpenReason.WithinWeeklyHours : OpenReason.OutsideWeeklyHours, null);
    }
}

public enum OpenReason
{
    NoHoursSet,
    TenantClosedDate,
    PublicHoliday,
    WithinWeeklyHours,
    OutsideWeeklyHours,
}

public sealed record OpenDecision(bool IsOpen, OpenReason Reason, string? Detail);
