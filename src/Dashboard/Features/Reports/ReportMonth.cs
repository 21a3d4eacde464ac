using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Features.Reports;

/// <summary>A calendar month of a report ("2026-11"), and where it starts and ends in a tenant's time zone.</summary>
public readonly partial record struct ReportMonth(int Year, int Month)
{
    public DateOnly FirstDay => new(Year, Month, 1);

    public int DayCount => DateTime.DaysInMonth(Year, Month);

    public ReportMonth Next => Month == 12 ? new(Year + 1, 1) : new(Year, Month + 1);

    public ReportMonth Previous => Month == 1 ? new(Year - 1, 12) : new(Year, Month - 1);

    public ReportMonth MinusMonths(int count)
    {
        var month = this;
        for (var i = 0; i < count; i++)
        {
            month = month.Previous;
        }
        return month;
    }

    /// <summary>"yyyy-MM" exactly (two-digit month, years 2000 to 2999); anything else is not a report month.</summary>
    public static bool TryParse(string? text, out ReportMonth month)
    {
        month = default;
        if (text is null || !Shape().IsMatch(text))
        {
            return false;
        }
        var year = int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var number = int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture);
        if (number is < 1 or > 12)
        {
            return false;
        }
        month = new ReportMonth(year, number);
        return true;
    }

    /// <summary>The month an instant falls in, on the tenant's calendar.</summary>
    public static ReportMonth Containing(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return new ReportMonth(local.Year, local.Month);
    }

    /// <summary>The instant the month begins in <paramref name="zone"/>: local midnight of the 1st (or the first valid moment after it).</summary>
    public DateTimeOffset StartIn(TimeZoneInfo zone) => LocalToUtc(FirstDay.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The instant the month ends (exclusive): the next month's start.</summary>
    public DateTimeOffset EndIn(TimeZoneInfo zone) => Next.StartIn(zone);

    /// <summary>A local wall-clock time as an instant; a time skipped by a daylight-saving jump moves to the first moment that exists.</summary>
    public static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(15);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, zone), TimeSpan.Zero);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    [GeneratedRegex(@"^2\d{3}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
