using Dashboard.Features.Contacts;
using Dashboard.Features.Reports;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Dashboard.Tests.Reports;

/// <summary>
/// The monthly report e-mail against a real SMTP server, with the clock in the test's hands: due at 09:00 on the 1st in the
/// tenant's time zone, to the configured recipients in their language, once per month however often it runs.
/// </summary>
public sealed class ReportMailJobTests(EmailAppFixture fixture) : IClassFixture<EmailAppFixture>, IAsyncLifetime
{
    // 2026-03-01 09:00 in Tokyo is 2026-03-01 00:00 UTC.
    private static readonly DateTimeOffset NineOnMarch1Tokyo = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string owner = "";
    private string lead = "";

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        var unique = Guid.NewGuid().ToString("N")[..8];
        owner = $"owner-{unique}@alpha.example";
        lead = $"lead-{unique}@alpha.example";
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var tenantId = fixture.World.TenantA.Id;
        db.ReportSettings.Add(new ReportSettings { TenantId = tenantId, Recipients = [owner, lead], Language = "ja" });
        // The lead is a contact who reads English: their copy is in English.
        db.Contacts.Add(new Contact { TenantId = tenantId, Name = "Lead", Email = lead, Language = "en" });
        ReportData.Add(db, tenantId, "2026-02-10T01:00:00Z", Dashboard.Features.Messages.Urgency.Urgent, acknowledgedAfterSeconds: 90, by: "スタッフA1");
        ReportData.Add(db, tenantId, "2026-02-11T01:00:00Z", Dashboard.Features.Messages.Urgency.Normal);
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<int> RunAtAsync(DateTimeOffset now)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<ReportMailJob>(scope.ServiceProvider, new FakeTimeProvider(now));
        return await job.RunAsync(Token);
    }

    private List<MimeMessage> MailsTo(string address) =>
        [.. fixture.Smtp.Received.Where(m => m.To.Mailboxes.Any(b => b.Address == address))];

    [Theory]
    [InlineData("2026-02-28T23:59:00Z")] // 08:59 on the 1st in Tokyo
    [InlineData("2026-03-01T15:00:00Z")] // midnight after the 1st in Tokyo
    [InlineData("2026-03-02T00:00:00Z")] // 09:00 on the 2nd
    [InlineData("2026-02-01T00:00:00Z")] // but in February 09:00 on the 1st is due (January's report)
    public async Task OnlyNineOClockOnTheFirst_InTheTenantsTimeZone_IsDue(string now)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var expected = at.UtcDateTime.Day == 1 && at.UtcDateTime.Month == 2 ? 2 : 0;

        var sent = await RunAtAsync(at);

        Assert.Equal(expected, sent);
    }

    [Fact]
    public async Task AtNineOnTheFirst_MailsLastMonthsReport_ToEachRecipient_InTheirLanguage_WithTheLink()
    {
        var sent = await RunAtAsync(NineOnMarch1Tokyo.AddMinutes(7));

        Assert.Equal(2, sent);
        var japanese = await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == owner));
        var english = await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == lead));
        Assert.Equal("【月次レポート】アルファ歯科 2026年2月", japanese.Subject);
        Assert.Contains("受付件数: 2", japanese.TextBody, StringComparison.Ordinal);
        Assert.Contains("1分30秒", japanese.TextBody, StringComparison.Ordinal);
        Assert.Equal("Monthly report: アルファ歯科, February 2026", english.Subject);
        Assert.Contains("Calls: 2", english.TextBody, StringComparison.Ordinal);
        var link = new Uri(fixture.App.BaseAddress, "reports/alpha-clinic/2026-02").AbsoluteUri;
        Assert.Contains(link, japanese.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\"", english.HtmlBody, StringComparison.Ordinal);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var records = await db.ReportMailings.Where(m => m.TenantId == fixture.World.TenantA.Id).ToListAsync(Token);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal((ReportMailingStatus.Sent, new DateOnly(2026, 2, 1)), (r.Status, r.Month)));
    }

    [Fact]
    public async Task RunningAgain_OrOnSeveralNodesAtOnce_SendsEachReportOnce()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => RunAtAsync(NineOnMarch1Tokyo.AddMinutes(i))));
        var later = await RunAtAsync(NineOnMarch1Tokyo.AddHours(5));

        Assert.Equal(2, runs.Sum());
        Assert.Equal(0, later);
        await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == lead));
        Assert.Single(MailsTo(owner));
        Assert.Single(MailsTo(lead));
    }

    [Fact]
    public async Task ARecipientAddedLaterThatDay_GetsItsCopy_AndNobodyElseASecond()
    {
        await RunAtAsync(NineOnMarch1Tokyo);
        var added = $"added-{Guid.NewGuid():N}@alpha.example";
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var settings = await db.ReportSettings.SingleAsync(s => s.TenantId == fixture.World.TenantA.Id, Token);
            settings.Recipients = [.. settings.Recipients, added];
            await db.SaveChangesAsync(Token);
        }

        var sent = await RunAtAsync(NineOnMarch1Tokyo.AddHours(2));

        Assert.Equal(1, sent);
        await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(b => b.Address == added));
        Assert.Single(MailsTo(owner));
    }

    [Fact]
    public void TheRecurringJobIsRegistered_EveryQuarterHour()
    {
        using var connection = fixture.App.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Single(j => j.Id == ReportMailJob.RecurringJobId);

        Assert.Equal(ReportMailJob.Cron, job.Cron);
    }
}
