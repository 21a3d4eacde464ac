using Dashboard.Features.Escalation;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// The account manager checks, before a holiday, what would happen to a call at a time they type: after hours,
/// on a public holiday, on the client's own closed date.
/// </summary>
public sealed class DryRunJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task TypedDatesAndTimes_AreRun_AfterHoursOnAHolidayAndOnAClosedDate()
    {
        var tenantId = Fixture.World.TenantA.Id;
        await TestPolicies.AddLeadThenDeputyAsync(Fixture.ConnectionString, tenantId);
        await using (var db = TestDatabase.CreateSystemContext(Fixture.ConnectionString))
        {
            db.BusinessHours.Add(new BusinessHours
            {
                TenantId = tenantId,
                Weekly = [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                    .Select(d => new OpeningPeriod { Day = d, Open = new TimeOnly(9, 0), Close = new TimeOnly(18, 0) })],
            });
            db.ClosedDates.Add(new ClosedDate { TenantId = tenantId, Date = new DateOnly(2026, 12, 29), Reason = "年末年始" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await SignInAsync("manager", TestWorld.ManagerA, "/manage/alpha-clinic/dry-run");
        var hours = page.GetByTestId("dry-run-hours");

        // A Wednesday evening: after hours.
        await TypeTimeAsync(page, "2026-12-02", "22:30");
        await Expect(hours).ToHaveAttributeAsync("data-reason", nameof(OpenReason.OutsideWeeklyHours));
        await Expect(page.GetByText("日時を正しく入力してください。")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid='dry-run-step']").First.GetByTestId("dry-run-step-time")).ToHaveTextAsync("2026/12/02 22:30");

        // A Wednesday morning: open.
        await TypeTimeAsync(page, "2026-12-02", "10:00");
        await Expect(hours).ToHaveAttributeAsync("data-reason", nameof(OpenReason.WithinWeeklyHours));

        // 成人の日 2027 (the second Monday of January): a public holiday.
        await TypeTimeAsync(page, "2027-01-11", "10:00");
        await Expect(hours).ToHaveAttributeAsync("data-reason", nameof(OpenReason.PublicHoliday));
        await Expect(hours).ToContainTextAsync("成人の日");

        // The client's own closed date (年末年始), a Tuesday.
        await TypeTimeAsync(page, "2026-12-29", "11:00");
        await Expect(hours).ToHaveAttributeAsync("data-reason", nameof(OpenReason.TenantClosedDate));
        await Expect(hours).ToContainTextAsync("年末年始");
        await ScreenshotAsync(page, "dry-run-closed-date.png");
    }

    /// <summary>Enters a date and time into the dry run's field, then leaves it.</summary>
    private static async Task TypeTimeAsync(IPage page, string date, string time)
    {
        var field = page.Field("dry-run-time");
        await field.FillAsync($"{date}T{time}");
        await field.PressAsync("Tab");
    }
}
