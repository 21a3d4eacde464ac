using System.Text;
using Dashboard.Tests.History;
using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// A staff member searches the history at desktop size (one Japanese character, then a phone number as typed), opens
/// the CSV export and gets the file; on a phone-sized screen the history page is usable and never scrolls sideways.
/// </summary>
public sealed class HistoryJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Fact]
    public async Task Staff_SearchTheHistory_AndDownloadTheExport_AtDesktopSize()
    {
        using (var op = Fixture.KeyClient(TestWorld.OperatorKey))
        {
            await HistoryApiSearchTests.PostAsync(op, callerName: "林 太郎", body: "水漏れの件", number: "090-1111-2222");
            await HistoryApiSearchTests.PostAsync(op, callerName: "佐藤 花子", body: "予約の変更", number: "03-3333-4444");
        }
        var page = await SignInAsync("staff", TestWorld.StaffA1, "/history", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(2);
        // The zone in words, not the raw IANA id.
        await Expect(page.GetByTestId("history-count")).ToContainTextAsync("日本時間 (UTC+09:00)");
        await Expect(page.GetByTestId("history-count")).Not.ToContainTextAsync("Asia/Tokyo");

        await page.Field("history-search").FillAsync("林");
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("history-row")).ToContainTextAsync("林 太郎");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=%E6%9E%97"));

        await page.Field("history-search").FillAsync("０３－３３３３－４４４４");
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("history-row")).ToContainTextAsync("佐藤 花子");
        await ScreenshotAsync(page, "history-desktop.png");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("history-export-csv").ClickAsync());
        await Expect(page.GetByTestId("history-export-progress")).ToHaveAttributeAsync("data-state", "done");
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("佐藤 花子", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("林 太郎", csv, StringComparison.Ordinal);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        await ScreenshotAsync(page, "history-export-done.png");

        await page.GetByTestId("history-open").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/messages/"));
        Assert.Empty(PolicyViolations);
    }

    [Fact]
    public async Task Manager_SeesEachRowsTenantByItsName_NotItsSlug()
    {
        using (var op = Fixture.KeyClient(TestWorld.OperatorKey))
        {
            await HistoryApiSearchTests.PostAsync(op, callerName: "林 太郎", body: "水漏れの件", number: "090-1111-2222");
        }
        var page = await SignInAsync("manager", TestWorld.ManagerA, "/history", new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("history-tenant-name")).ToHaveTextAsync("アルファ歯科");
        Assert.Empty(PolicyViolations);
    }

    [Fact]
    public async Task HistoryOnAPhone_IsUsable_AndNeverScrollsSideways()
    {
        using (var op = Fixture.KeyClient(TestWorld.OperatorKey))
        {
            for (var i = 0; i < 3; i++)
            {
                await HistoryApiSearchTests.PostAsync(op, callerName: $"株式会社とても長い名前の取引先 山本 {i}",
                    organization: "とても長い組織名の株式会社サンプルホールディングス", subject: "折り返しのお願い、見積もりの件で至急ご連絡ください");
            }
        }
        var phone = await SignInAsync("staff-phone", TestWorld.StaffA1, "/history", WalkthroughJourneyTests.PhoneDevice());
        await Expect(phone.GetByTestId("history-row")).ToHaveCountAsync(3);

        var search = phone.Field("history-search");
        await search.TapAsync();
        await search.FillAsync("山本");
        await Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q="));
        await Expect(phone.GetByTestId("history-row")).ToHaveCountAsync(3);
        var box = await phone.GetByTestId("history-row").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"A history row is off screen: x={box.X}, width={box.Width}");
        var export = await phone.GetByTestId("history-export-csv").BoundingBoxAsync();
        Assert.NotNull(export);
        Assert.True(export.Height >= 36 && export.X + export.Width <= 390, $"The export button is off screen or too small: {export.X}, {export.Width}x{export.Height}");
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"The history page scrolls sideways by {overflow}px on a phone");
        await ScreenshotAsync(phone, "history-phone.png");
        Assert.Empty(PolicyViolations);
    }
}
