using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Reports;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// A client's owner reads last month's report at desktop size, with its charts, moves to the month before, and prints
/// it: in print media the app bar and the buttons are gone, and the charts fit the A4 width.
/// </summary>
public sealed class ReportJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task Staff_ReadTheMonthsReport_WithCharts_AndItPrintsWithoutTheAppBar()
    {
        await ReportData.SeedMarchAsync(Fixture);
        var page = await SignInAsync("staff", TestWorld.StaffA1, "/reports/alpha-clinic/2026-03");

        await Expect(page.GetByTestId("report-heading")).ToContainTextAsync("2026年3月");
        await Expect(page.GetByTestId("figure-total")).ToContainTextAsync("6");
        await Expect(page.GetByTestId("figure-p50")).ToContainTextAsync("2分0秒");
        await Expect(page.GetByTestId("report-for-whom")).ToContainTextAsync("院長");
        // MudBlazor draws each chart as an SVG: one per day chart, hour chart and trend.
        await Expect(page.Locator("[data-testid='report-per-day'] svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='report-per-hour'] svg").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid='report-trend'] svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trend-row")).ToHaveCountAsync(6);
        await ScreenshotAsync(page, "report-desktop.png");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("report-print")).ToBeHiddenAsync();
        // A4 at 96 dpi less 12 mm margins is about 703 px wide: no chart may be wider than the page.
        await page.SetViewportSizeAsync(703, 1000);
        foreach (var chart in new[] { "report-per-day", "report-per-hour", "report-trend" })
        {
            var width = await page.Locator($"[data-testid='{chart}'] svg").First.EvaluateAsync<double>("e => e.getBoundingClientRect().right");
            Assert.True(width <= 703.5, $"{chart} ends at {width} px, beyond the printed page");
        }
        await ScreenshotAsync(page, "report-print.png");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        Assert.True(pdf.Length > 10_000);

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByTestId("report-previous").ClickAsync();
        await Expect(page.GetByTestId("report-heading")).ToContainTextAsync("2026年2月");
        await Expect(page.GetByTestId("figure-total")).ToContainTextAsync("1");
        Assert.Empty(PolicyViolations);
    }

    [Fact]
    public async Task ReportOnAPhone_KeepsEachMonthOnOneLine_NeverScrollsSideways_AndNamesTheZoneInWords()
    {
        await ReportData.SeedMarchAsync(Fixture);
        var phone = await SignInAsync("staff-phone", TestWorld.StaffA1, "/reports/alpha-clinic/2026-03", WalkthroughJourneyTests.PhoneDevice());
        await Expect(phone.GetByTestId("callback-trend-row")).ToHaveCountAsync(6);
        await Expect(phone.GetByTestId("report-period")).ToContainTextAsync("日本時間 (UTC+09:00)");

        // Lines of text in each month cell of both trend tables: a wrapped "2026-" / "03" is two.
        var lines = await phone.EvaluateAsync<int[]>("""
            () => [...document.querySelectorAll("[data-testid='trend-row'] td:first-child, [data-testid='callback-trend-row'] td:first-child")]
                .map(td => { const r = document.createRange(); r.selectNodeContents(td); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })
            """);
        Assert.Equal(12, lines.Length);
        Assert.All(lines, n => Assert.Equal(1, n));
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The report scrolls sideways by {overflow}px on a phone");
        Assert.Empty(PolicyViolations);
    }
}
