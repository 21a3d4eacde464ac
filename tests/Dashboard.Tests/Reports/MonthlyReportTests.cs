using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Features.Reports;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Reports;

/// <summary>The monthly report's figures against a hand-computed month (ReportData), through the query and the public API.</summary>
public sealed class MonthlyReportTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await ReportData.SeedMarchAsync(fixture);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<MonthlyReport> MarchAsync()
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == fixture.World.TenantA.Id, Token);
        return await new MonthlyReportQuery().RunAsync(db, tenant, new ReportMonth(2026, 3), Token);
    }

    [Fact]
    public async Task March_InTokyo_CountsExactlyTheCallsOfTheLocalMonth_ByDayHourUrgencyAndForWhom()
    {
        var report = await MarchAsync();

        Assert.Equal(ReportData.March1Tokyo, report.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero), report.To);
        Assert.Equal(new UrgencyCounts(2, 3, 1), report.Calls);
        Assert.Equal(31, report.PerDay.Count);
        Assert.Equal(new DayCalls("2026-03-01", 1, 0, 0), report.PerDay[0]);
        Assert.Equal(new DayCalls("2026-03-10", 0, 1, 1), report.PerDay[9]);
        Assert.Equal(new DayCalls("2026-03-15", 1, 0, 0), report.PerDay[14]);
        Assert.Equal(new DayCalls("2026-03-20", 0, 1, 0), report.PerDay[19]);
        Assert.Equal(new DayCalls("2026-03-31", 0, 1, 0), report.PerDay[30]);
        Assert.Equal(6, report.PerDay.Sum(d => d.Total));
        Assert.Equal(new HourCalls(0, 1, 0, 0), report.PerHour[0]);
        Assert.Equal(new HourCalls(10, 0, 0, 1), report.PerHour[10]);
        Assert.Equal(new HourCalls(11, 0, 1, 0), report.PerHour[11]);
        Assert.Equal(new HourCalls(12, 1, 0, 0), report.PerHour[12]);
        Assert.Equal(new HourCalls(14, 0, 1, 0), report.PerHour[14]);
        Assert.Equal(new HourCalls(23, 0, 1, 0), report.PerHour[23]);
        Assert.Equal(6, report.PerHour.Sum(h => h.Total));
        Assert.Equal([new NamedCount("", 3), new NamedCount("院長", 2), new NamedCount("受付", 1)], report.ByForWhom);
        Assert.Equal([new NamedCount("スタッフA1", 2), new NamedCount("スタッフA2", 1)], report.AcknowledgedBy);
    }

    [Fact]
    public async Task March_ResponseTimes_AreThePercentilesOfTheUrgentCalls_WithSixMonthsOfTrend()
    {
        var report = await MarchAsync();

        // Urgent and emergency in March: 60 s, 120 s, 600 s and one never acknowledged. p90 interpolates: 120 + 0.8 × 480.
        Assert.Equal(new ResponseTimes(4, 3, 120, 504), report.Acknowledge);
        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"], report.AcknowledgeTrend.Select(m => m.Month));
        Assert.Equal(new MonthResponseTimes("2026-01", 1, 1, 300, 300), report.AcknowledgeTrend[3]);
        Assert.Equal(new MonthResponseTimes("2026-02", 0, 0, null, null), report.AcknowledgeTrend[4]);
        Assert.Equal(new MonthResponseTimes("2026-03", 4, 3, 120, 504), report.AcknowledgeTrend[5]);
    }

    [Fact]
    public async Task March_TimeToCallback_IsReceivedToFirstReachedCallback_OfTheUrgentCalls_WithSixMonthsOfTrend()
    {
        var report = await MarchAsync();

        // Urgent and emergency in March: called back after 180 s, 300 s and 900 s, one never. p90: 300 + 0.8 × 600.
        Assert.Equal(new ResponseTimes(4, 3, 300, 780), report.Callback);
        Assert.Equal(report.AcknowledgeTrend.Select(m => m.Month), report.CallbackTrend.Select(m => m.Month));
        Assert.Equal(new MonthResponseTimes("2026-01", 1, 1, 1200, 1200), report.CallbackTrend[3]);
        Assert.Equal(new MonthResponseTimes("2026-02", 0, 0, null, null), report.CallbackTrend[4]);
        Assert.Equal(new MonthResponseTimes("2026-03", 4, 3, 300, 780), report.CallbackTrend[5]);
    }

    [Fact]
    public async Task March_Escalations_CountStartedStepsAndExhausted_OfThisTenantOnly()
    {
        var report = await MarchAsync();

        Assert.Equal(new EscalationFigures(Started: 2, StepsRun: 3, Exhausted: 1), report.Escalations);
    }

    [Fact]
    public async Task Api_TenantKey_ReadsItsOwnReport()
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await client.GetAsync(new Uri("/api/v1/reports/alpha-clinic/2026-03", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var root = json.RootElement;
        Assert.Equal("2026-03", root.GetProperty("month").GetString());
        Assert.Equal("Asia/Tokyo", root.GetProperty("timeZone").GetString());
        Assert.Equal(6, root.GetProperty("calls").GetProperty("total").GetInt32());
        Assert.Equal(3, root.GetProperty("calls").GetProperty("urgent").GetInt32());
        Assert.Equal(120, root.GetProperty("acknowledge").GetProperty("p50Seconds").GetDouble());
        Assert.Equal(31, root.GetProperty("perDay").GetArrayLength());
        Assert.Equal(1, root.GetProperty("escalations").GetProperty("exhausted").GetInt32());
        Assert.Equal(300, root.GetProperty("callback").GetProperty("p50Seconds").GetDouble());
        Assert.Equal(6, root.GetProperty("callbackTrend").GetArrayLength());
    }

    [Theory]
    [InlineData(TestWorld.TenantAKey, "beta-build", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.TenantBKey, "alpha-clinic", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.TenantAKey, "no-such-tenant", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.OperatorKey, "no-such-tenant", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.OperatorKey, "alpha-clinic", HttpStatusCode.OK)]
    [InlineData(TestWorld.OperatorKey, "beta-build", HttpStatusCode.OK)]
    public async Task Api_KeysReadOnlyTheReportsTheyMay(string key, string tenant, HttpStatusCode expected)
    {
        using var client = fixture.KeyClient(key);

        using var response = await client.GetAsync(new Uri($"/api/v1/reports/{tenant}/2026-03", UriKind.Relative), Token);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Api_OperatorKey_ReadsTenantB_WithOnlyTenantBsFigures()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);

        var report = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/reports/beta-build/2026-03", UriKind.Relative), Token);

        Assert.Equal(1, report.GetProperty("calls").GetProperty("total").GetInt32());
        Assert.Equal("社長", report.GetProperty("byForWhom")[0].GetProperty("name").GetString());
        Assert.Equal(3, report.GetProperty("escalations").GetProperty("stepsRun").GetInt32());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-3")]
    [InlineData("2026-00")]
    [InlineData("26-03")]
    [InlineData("march")]
    [InlineData("2026-03-01")]
    public async Task Api_BadMonth_Is400_NamingTheMonthField(string month)
    {
        using var client = fixture.KeyClient(TestWorld.TenantAKey);

        using var response = await client.GetAsync(new Uri($"/api/v1/reports/alpha-clinic/{month}", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("month", out _));
    }

    [Fact]
    public async Task Api_WithoutKey_Is401()
    {
        using var client = new HttpClient { BaseAddress = fixture.App.BaseAddress };

        using var response = await client.GetAsync(new Uri("/api/v1/reports/alpha-clinic/2026-03", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(TestWorld.StaffA1, "alpha-clinic", HttpStatusCode.OK)]
    [InlineData(TestWorld.StaffA1, "beta-build", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.StaffB, "alpha-clinic", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.ManagerA, "alpha-clinic", HttpStatusCode.OK)]
    [InlineData(TestWorld.ManagerA, "beta-build", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.Admin, "beta-build", HttpStatusCode.OK)]
    [InlineData(TestWorld.Operator, "alpha-clinic", HttpStatusCode.NotFound)]
    [InlineData(TestWorld.Admin, "no-such-tenant", HttpStatusCode.NotFound)]
    public async Task Page_IsShownToTheTenantsStaff_ItsManagers_AndAdmins_AndIsNotFoundForOthers(string user, string tenant, HttpStatusCode expected)
    {
        using var client = await fixture.SignInAsync(user);

        using var response = await client.Http.GetAsync(new Uri($"/reports/{tenant}/2026-03", UriKind.Relative), Token);

        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Token);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("data-testid=\"monthly-report\"", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("data-testid=\"monthly-report\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_ShowsTheFiguresInTheTenantsLocalMonth()
    {
        using var client = await fixture.SignInAsync(TestWorld.StaffA1);

        var html = WebUtility.HtmlDecode(await client.Http.GetStringAsync(new Uri("/reports/alpha-clinic/2026-03", UriKind.Relative), Token));

        Assert.Contains("2026年3月", html, StringComparison.Ordinal);
        Assert.Contains("院長", html, StringComparison.Ordinal);
        Assert.Contains("スタッフA2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("社長", html, StringComparison.Ordinal);
        Assert.Contains("2分0秒", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithABadMonth_SaysSo()
    {
        using var client = await fixture.SignInAsync(TestWorld.StaffA1);

        var html = await client.Http.GetStringAsync(new Uri("/reports/alpha-clinic/2026-13", UriKind.Relative), Token);

        Assert.Contains("data-testid=\"report-bad-month\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/manage/beta-build/report-settings")]
    [InlineData("/manage/beta-build/retention")]
    public async Task SettingsPages_OfAnotherTenant_AreNotFound_ForItsManager(string path)
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var response = await manager.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/manage/alpha-clinic/report-settings")]
    [InlineData("/manage/alpha-clinic/retention")]
    public async Task SettingsPages_OfItsTenant_AreShown_ToItsManager(string path)
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var response = await manager.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
