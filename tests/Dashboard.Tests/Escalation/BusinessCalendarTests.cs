using Dashboard.Features.Escalation;

namespace Dashboard.Tests.Escalation;

public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static readonly BusinessHours WeekdaysNineToSix = new()
    {
        Weekly = [.. Enumerable.Range(1, 5).Select(d => new OpeningPeriod { Day = (DayOfWeek)d, Open = new(9, 0), Close = new(18, 0) })],
    };

    private static DateTimeOffset TokyoTime(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    [Fact]
    public void IsOpen_OnWeekdayInsideHours_InTenantTimeZone()
    {
        // 2026-11-27 is a Friday; 10:00 in Tokyo is 01:00 UTC.
        Assert.True(BusinessCalendar.IsOpen(WeekdaysNineToSix, [], Tokyo, TokyoTime(2026, 11, 27, 10).ToUniversalTime()));
        Assert.False(BusinessCalendar.IsOpen(WeekdaysNineToSix, [], Tokyo, TokyoTime(2026, 11, 27, 18)));
        Assert.False(BusinessCalendar.IsOpen(WeekdaysNineToSix, [], Tokyo, TokyoTime(2026, 11, 28, 10)));
    }

    [Fact]
    public void IsClosed_OnJapanesePublicHoliday_WithItsName()
    {
        // 勤労感謝の日, a Monday.
        var decision = BusinessCalendar.Explain(WeekdaysNineToSix, [], Tokyo, TokyoTime(2026, 11, 23, 10));

        Assert.False(decision.IsOpen);
        Assert.Equal(OpenReason.PublicHoliday, decision.Reason);
        Assert.Equal("勤労感謝の日", decision.Detail);
    }

    [Fact]
    public void IsOpen_OnHoliday_WhenTenantWorksHolidays()
    {
        var hours = new BusinessHours { Weekly = WeekdaysNineToSix.Weekly, ClosedOnPublicHolidays = false };

        Assert.True(BusinessCalendar.IsOpen(hours, [], Tokyo, TokyoTime(2026, 11, 23, 10)));
    }

    [Fact]
    public void CitizensHoliday_BetweenTwoHolidays_IsClosed()
    {
        // 2026-09-22 lies between 敬老の日 (21st) and 秋分の日 (23rd): 国民の休日.
        Assert.True(JapaneseHolidays.IsHoliday(new DateOnly(2026, 9, 22)));
        Assert.False(BusinessCalendar.IsOpen(WeekdaysNineToSix, [], Tokyo, TokyoTime(2026, 9, 22, 10)));
        Assert.False(JapaneseHolidays.IsHoliday(new DateOnly(2026, 9, 24)));
    }

    [Fact]
    public void IsClosed_OnTenantClosedDate()
    {
        var closed = new ClosedDate { Date = new DateOnly(2026, 12, 29), Reason = "年末年始休業" };

        var decision = BusinessCalendar.Explain(WeekdaysNineToSix, [closed], Tokyo, TokyoTime(2026, 12, 29, 10));

        Assert.Equal(OpenReason.TenantClosedDate, decision.Reason);
        Assert.True(BusinessCalendar.IsOpen(WeekdaysNineToSix, [closed], Tokyo, TokyoTime(2026, 12, 28, 10)));
    }

    [Fact]
    public void NoHoursSet_IsAlwaysClosed()
    {
        Assert.Equal(OpenReason.NoHoursSet, BusinessCalendar.Explain(null, [], Tokyo, TokyoTime(2026, 11, 27, 10)).Reason);
    }
}
