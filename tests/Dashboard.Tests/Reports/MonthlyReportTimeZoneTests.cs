using Dashboard.Features.Messages;
using Dashboard.Features.Reports;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Tests.Reports;

/// <summary>
/// The report counts calls per quarter hour and turns only the quarters into local days and hours (decision 25): in
/// zones with daylight saving (a one-hour and a half-hour change) and with half- and three-quarter-hour offsets, its days
/// and hours are those of converting every call on its own, as PostgreSQL does per row.
/// </summary>
public sealed class MonthlyReportTimeZoneTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("America/New_York", 2026, 3)] // 02:00 → 03:00 on the 8th
    [InlineData("America/New_York", 2026, 11)] // 02:00 → 01:00 on the 1st
    [InlineData("Australia/Lord_Howe", 2026, 4)] // a half-hour change on the 5th
    [InlineData("Asia/Kolkata", 2026, 3)] // UTC+5:30
    [InlineData("Asia/Kathmandu", 2026, 3)] // UTC+5:45
    public async Task DaysAndHours_AreThoseOfEveryCallInTheLocalTime(string zoneId, int year, int number)
    {
        var tenantId = fixture.World.TenantA.Id;
        var month = new ReportMonth(year, number);
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, Token);
            tenant.TimeZoneId = zoneId;
            var from = month.StartIn(tenant.TimeZone).AddHours(-2);
            var to = month.EndIn(tenant.TimeZone).AddHours(2);
            // Every 23 min 17 s (no quarter-hour rhythm), and either side of every change of offset in the month.
            var times = new List<DateTimeOffset>();
            for (var at = from; at < to; at = at.AddSeconds(23 * 60 + 17))
            {
                times.Add(at);
            }
            for (var at = from; at < to; at = at.AddMinutes(15))
            {
                if (tenant.TimeZone.GetUtcOffset(at) != tenant.TimeZone.GetUtcOffset(at.AddMinutes(-15)))
                {
                    times.AddRange([at.AddSeconds(-1), at, at.AddSeconds(1), at.AddMinutes(14).AddSeconds(59)]);
                }
            }
            var urgencies = Enum.GetValues<Urgency>();
            db.Messages.AddRange(times.Select((at, i) => new Message
            {
                TenantId = tenantId, ReceivedAt = at, CallerName = "山本", CallbackNumber = "+819012345678", Subject = "折り返し",
                Urgency = urgencies[i % urgencies.Length], UpdatedAt = at,
            }));
            await db.SaveChangesAsync(Token);
        }

        MonthlyReport report;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Id == tenantId, Token);
            report = await new MonthlyReportQuery().RunAsync(db, tenant, month, Token);
        }

        var expectedDays = new Dictionary<(int Day, int Urgency), int>();
        var expectedHours = new Dictionary<(int Hour, int Urgency), int>();
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync(Token);
            await using var command = new NpgsqlCommand("""
                SELECT extract(day FROM "ReceivedAt" AT TIME ZONE $2)::int, extract(hour FROM "ReceivedAt" AT TIME ZONE $2)::int, "Urgency"
                FROM "Messages" WHERE "TenantId" = $1 AND "ReceivedAt" >= $3 AND "ReceivedAt" < $4
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = zoneId });
            command.Parameters.Add(new NpgsqlParameter { Value = report.From });
            command.Parameters.Add(new NpgsqlParameter { Value = report.To });
            await using var reader = await command.ExecuteReaderAsync(Token);
            while (await reader.ReadAsync(Token))
            {
                var (day, hour, urgency) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
                expectedDays[(day, urgency)] = expectedDays.GetValueOrDefault((day, urgency)) + 1;
                expectedHours[(hour, urgency)] = expectedHours.GetValueOrDefault((hour, urgency)) + 1;
            }
        }
        Assert.True(expectedDays.Values.Sum() > 1_500, "the month has its calls");
        Assert.Equal(expectedDays.Values.Sum(), report.Calls.Total);
        foreach (var day in report.PerDay)
        {
            var d = int.Parse(day.Date[8..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((day.Date, expectedDays.GetValueOrDefault((d, 0)), expectedDays.GetValueOrDefault((d, 1)), expectedDays.GetValueOrDefault((d, 2))),
                (day.Date, day.Normal, day.Urgent, day.Emergency));
        }
        foreach (var hour in report.PerHour)
        {
            Assert.Equal((hour.Hour, expectedHours.GetValueOrDefault((hour.Hour, 0)), expectedHours.GetValueOrDefault((hour.Hour, 1)), expectedHours.GetValueOrDefault((hour.Hour, 2))),
                (hour.Hour, hour.Normal, hour.Urgent, hour.Emergency));
        }
    }
}
