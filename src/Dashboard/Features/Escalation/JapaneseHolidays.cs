using System.Collections.Concurrent;
using PublicHoliday;

namespace Dashboard.Features.Escalation;

/// <summary>
/// Japanese public holidays from the maintained PublicHoliday library, plus the one rule it lacks:
/// a day between two holidays is itself a holiday (国民の休日, e.g. 2026-09-22).
/// </summary>
public static class JapaneseHolidays
{
    private static readonly JapanPublicHoliday Calendar = new();
    private static readonly ConcurrentDictionary<int, IReadOnlyDictionary<DateOnly, string>> ByYear = new();

    private static readonly Dictionary<string, string> JapaneseNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["New Year"] = "元日", ["Coming Of Age Day"] = "成人の日", ["Foundation Day"] = "建国記念の日",
        ["Emperor's Birthday"] = "天皇誕生日", ["Vernal Equinox Day"] = "春分の日", ["Shōwa Day"] = "昭和の日",
        ["Constitution Memorial Day"] = "憲法記念日", ["Greenery Day"] = "みどりの日", ["Children's Day"] = "こどもの日",
        ["Marine Day"] = "海の日", ["Mountain Day"] = "山の日", ["Respect For The Aged Day"] = "敬老の日",
        ["Autumnal Equinox Day"] = "秋分の日", ["Health And Sports Day"] = "スポーツの日", ["Culture Day"] = "文化の日",
        ["Labour Thanksgiving Day"] = "勤労感謝の日",
    };

    public static bool IsHoliday(DateOnly date) => InYear(date.Year).ContainsKey(date);

    /// <summary>The holidays of a year with their Japanese names.</summary>
    public static IReadOnlyDictionary<DateOnly, string> InYear(int year) => ByYear.GetOrAdd(year, Compute);

    private static IReadOnlyDictionary<DateOnly, string> Compute(int year)
    {
        var days = new SortedDictionary<DateOnly, string>();
        foreach (var (date, name) in Calendar.PublicHolidayNames(year))
        {
            days[DateOnly.FromDateTime(date)] = JapaneseNames.GetValueOrDefault(name, name);
        }
        foreach (var date in days.Keys.ToList())
        {
            var between = date.AddDays(1);
            if (days.ContainsKey(date.AddDays(2)) && !days.ContainsKey(between) && between.DayOfWeek != DayOfWeek.Sunday)
            {
                days[between] = "国民の休日";
            }
        }
        return days;
    }
}
