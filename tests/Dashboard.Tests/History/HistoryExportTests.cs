using System.IO.Compression;
using System.Net;
using System.Text;
using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.History;

/// <summary>The export on real PostgreSQL: what Excel needs (BOM, RFC 4180, no formulas), local times, isolation on both routes.</summary>
public sealed class HistoryExportTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<byte[]> GetBytesAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    [Fact]
    public async Task Csv_HasABom_QuotesByRfc4180_AndNeverStartsAFormula()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        await HistoryApiSearchTests.PostAsync(op, callerName: "=HYPERLINK(\"http://evil.example\",\"x\")", organization: "+1 株式会社",
            body: "一行目, \"引用\"\n二行目", forWhom: "@院長", subject: "-3 件");

        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        using var response = await client.GetAsync("/api/v1/messages/export?format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("受信日時,クライアント,緊急度,状態,お名前,", csv, StringComparison.Ordinal);
        Assert.Contains("\"一行目, \"\"引用\"\"\n二行目\"", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'+1 株式会社\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'@院長\",", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'-3 件\",", csv, StringComparison.Ordinal);
        Assert.Contains(",090-1234-5678,", csv, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(2, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Xlsx_WritesText_AsText_NeverAsAFormula()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        await HistoryApiSearchTests.PostAsync(op, callerName: "=1+2", subject: "水漏れ");

        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        var bytes = await GetBytesAsync(client, "/api/v1/messages/export?format=xlsx");

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var sheetEntry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        await using var entry = await sheetEntry.OpenAsync(Ct);
        using var reader = new StreamReader(entry);
        var sheet = await reader.ReadToEndAsync(Ct);
        Assert.Contains("=1+2", sheet, StringComparison.Ordinal);
        Assert.Contains("水漏れ", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<f ", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimesAndDayFilters_AreTheTenantsOwn_AcrossAMonthBoundary()
    {
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Ct);
            await db.Tenants.Where(t => t.Slug == "beta-build").ExecuteUpdateAsync(s => s.SetProperty(t => t.TimeZoneId, "America/Los_Angeles"), Ct);
        }
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        // Tokyo (tenant A): 31 March 23:30 and 1 April 00:30 local.
        var marchTokyo = await HistoryApiSearchTests.PostAsync(op, callerName: "三月", receivedAt: DateTimeOffset.Parse("2026-03-31T14:30:00Z"));
        var aprilTokyo = await HistoryApiSearchTests.PostAsync(op, callerName: "四月", receivedAt: DateTimeOffset.Parse("2026-03-31T15:30:00Z"));
        // Los Angeles (tenant B, PDT = UTC-7): the same local times are seven hours after UTC instead of nine before.
        var marchLa = await HistoryApiSearchTests.PostAsync(op, tenant: "beta-build", callerName: "三月", receivedAt: DateTimeOffset.Parse("2026-04-01T06:30:00Z"));
        var aprilLa = await HistoryApiSearchTests.PostAsync(op, tenant: "beta-build", callerName: "四月", receivedAt: DateTimeOffset.Parse("2026-04-01T07:30:00Z"));

        using var a = fixture.KeyClient(TestWorld.TenantAKey);
        using var b = fixture.KeyClient(TestWorld.TenantBKey);
        async Task<List<Guid>> IdsAsync(HttpClient client, string query) =>
            (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(client, "/api/v1/messages?" + query, Ct))
                .EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();

        Assert.Equal([aprilTokyo], await IdsAsync(a, "from=2026-04-01&to=2026-04-30"));
        Assert.Equal([marchTokyo], await IdsAsync(a, "from=2026-03-01&to=2026-03-31"));
        Assert.Equal([aprilLa], await IdsAsync(b, "from=2026-04-01&to=2026-04-30"));
        Assert.Equal([marchLa], await IdsAsync(b, "from=2026-03-01&to=2026-03-31"));
        // An instant is an instant, whatever the zone; a local date-time without an offset is the tenant's.
        Assert.Equal([aprilTokyo], await IdsAsync(a, "from=2026-03-31T15:00:00Z"));
        Assert.Equal([aprilTokyo], await IdsAsync(a, "from=2026-04-01T00:00:00"));

        var csvA = Encoding.UTF8.GetString(await GetBytesAsync(a, "/api/v1/messages/export?format=csv"));
        Assert.Contains("2026/03/31 23:30:00,alpha-clinic", csvA, StringComparison.Ordinal);
        Assert.Contains("2026/04/01 00:30:00,alpha-clinic", csvA, StringComparison.Ordinal);
        var csvB = Encoding.UTF8.GetString(await GetBytesAsync(b, "/api/v1/messages/export?format=csv&from=2026-03-31&to=2026-03-31"));
        Assert.Contains("2026/03/31 23:30:00,beta-build", csvB, StringComparison.Ordinal);
        Assert.DoesNotContain("2026/04/01", csvB, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryExportRoute_KeepsToTheCallersTenant()
    {
        using var op = fixture.KeyClient(TestWorld.OperatorKey);
        await HistoryApiSearchTests.PostAsync(op, tenant: "alpha-clinic", callerName: "アルファの客");
        await HistoryApiSearchTests.PostAsync(op, tenant: "beta-build", callerName: "ベータの客");

        using var keyA = fixture.KeyClient(TestWorld.TenantAKey);
        var api = Encoding.UTF8.GetString(await GetBytesAsync(keyA, "/api/v1/messages/export?format=csv"));
        Assert.Contains("アルファの客", api, StringComparison.Ordinal);
        Assert.DoesNotContain("ベータの客", api, StringComparison.Ordinal);

        using var staffA = await fixture.SignInAsync(TestWorld.StaffA1);
        var page = Encoding.UTF8.GetString(await GetBytesAsync(staffA.Http, "/history/export?format=csv"));
        Assert.Contains("アルファの客", page, StringComparison.Ordinal);
        Assert.DoesNotContain("ベータの客", page, StringComparison.Ordinal);
        using (var other = await staffA.Http.GetAsync("/history/export?format=csv&tenant=beta-build", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);
        var managed = Encoding.UTF8.GetString(await GetBytesAsync(manager.Http, "/history/export?format=csv"));
        Assert.Contains("アルファの客", managed, StringComparison.Ordinal);
        Assert.DoesNotContain("ベータの客", managed, StringComparison.Ordinal);
        using (var unassigned = await manager.Http.GetAsync("/history/export?format=csv&tenant=beta-build", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, unassigned.StatusCode);
        }

        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using (var noKey = await anonymous.GetAsync("/api/v1/messages/export?format=csv", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        }
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        using (var noCookie = await noRedirect.GetAsync("/history/export?format=csv", Ct))
        {
            Assert.NotEqual(HttpStatusCode.OK, noCookie.StatusCode);
        }
    }
}
