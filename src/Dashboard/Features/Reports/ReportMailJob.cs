using Dashboard.Data;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Reports;

/// <summary>
/// E-mails each tenant's report for the month just ended on the 1st at 09:00 in the tenant's time zone. A recurring
/// Hangfire job wakes it every 15 minutes (time zones differ by quarter hours); each run mails what is due and not
/// yet claimed. A run that missed 09:00 (every node down) still mails later that local day, never on a later day.
/// Each (tenant, month, address) is claimed by inserting its <see cref="ReportMailing"/> first, so several nodes and
/// Hangfire's retries mail it once: a send that certainly did not go out gives its claim back for the next run;
/// one whose outcome is unknown stays failed rather than risk a second copy.
/// </summary>
public sealed class ReportMailJob(
    IDbContextFactory<AppDbContext> dbFactory, TenantContext tenantContext, TimeProvider time, MonthlyReportQuery reports,
    ReportEmailComposer composer, ReportMailer mailer, PublicUrls urls, ILogger<ReportMailJob> log)
{
    public const string RecurringJobId = "monthly-report-mail";
    public const string Cron = "*/15 * * * *";
    public static readonly TimeOnly SendAt = new(9, 0);

    /// <summary>Mails every report due now; returns how many e-mails this run sent.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        tenantContext.SetSystem();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var configured = await (
            from s in db.ReportSettings.AsNoTracking()
            join t in db.Tenants.AsNoTracking() on s.TenantId equals t.Id
            where t.IsActive && s.Recipients.Count > 0
            select new { Tenant = t, Settings = s }).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var item in configured)
        {
            if (DueMonth(now, item.Tenant.TimeZone) is { } month)
            {
                sent += await MailTenantAsync(db, item.Tenant, item.Settings, month, now, cancellationToken);
            }
        }
        return sent;
    }

    /// <summary>The month whose report is due at <paramref name="now"/>: the previous month, from 09:00 to midnight local on the 1st.</summary>
    public static ReportMonth? DueMonth(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return local.Day == 1 && TimeOnly.FromTimeSpan(local.TimeOfDay) >= SendAt ? new ReportMonth(local.Year, local.Month).Previous : null;
    }

    private async Task<int> MailTenantAsync(AppDbContext db, Tenant tenant, ReportSettings settings, ReportMonth month, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var monthStart = month.FirstDay;
        var done = await db.ReportMailings.AsNoTracking().Where(m => m.TenantId == tenant.Id && m.Month == monthStart)
            .Select(m => m.Address).ToListAsync(cancellationToken);
        var pending = settings.Recipients.Except(done, StringComparer.OrdinalIgnoreCase).ToList();
        if (pending.Count == 0)
        {
            return 0;
        }
        var report = await reports.RunAsync(db, tenant, month, cancellationToken);
        var languages = await db.Contacts.AsNoTracking().Where(c => c.TenantId == tenant.Id && c.Email != null && pending.Contains(c.Email))
            .Select(c => new { c.Email, c.Language }).ToListAsync(cancellationToken);
        var link = urls.For($"reports/{Uri.EscapeDataString(tenant.Slug)}/{month}");
        var sent = 0;
        foreach (var address in pending)
        {
            if (!await ClaimAsync(db, tenant.Id, monthStart, address, now, cancellationToken))
            {
                continue;
            }
            var language = languages.FirstOrDefault(l => string.Equals(l.Email, address, StringComparison.OrdinalIgnoreCase))?.Language ?? settings.Language;
            try
            {
                var reference = await mailer.SendAsync(address, composer.Compose(report, language, link), cancellationToken);
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE "ReportMailings" SET "Status" = {(int)ReportMailingStatus.Sent}, "SentAt" = {time.GetUtcNow()}, "ProviderReference" = {reference}
                    WHERE "TenantId" = {tenant.Id} AND "Month" = {monthStart} AND "Address" = {address}
                    """, cancellationToken);
                sent++;
            }
            catch (Exception ex) when (ex is TransientSendException or OperationCanceledException)
            {
                // Certainly not sent: give the claim back so a retry or the next run sends it.
                await db.Database.ExecuteSqlAsync($"""
                    DELETE FROM "ReportMailings" WHERE "TenantId" = {tenant.Id} AND "Month" = {monthStart} AND "Address" = {address}
                    """, CancellationToken.None);
                throw;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The {Month} report e-mail of tenant {Tenant} to {Address} failed; not repeated.", month, tenant.Slug, address);
                var error = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE "ReportMailings" SET "Status" = {(int)ReportMailingStatus.Failed}, "Error" = {error}
                    WHERE "TenantId" = {tenant.Id} AND "Month" = {monthStart} AND "Address" = {address}
                    """, CancellationToken.None);
            }
        }
        return sent;
    }

    /// <summary>Inserts the idempotency record; false when another node or an earlier run already has it.</summary>
    private static async Task<bool> ClaimAsync(AppDbContext db, Guid tenantId, DateOnly month, string address, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ReportMailings" ("TenantId", "Month", "Address", "Status", "ClaimedAt")
            VALUES ({tenantId}, {month}, {address}, {(int)ReportMailingStatus.Sending}, {now})
            ON CONFLICT ("TenantId", "Month", "Address") DO NOTHING
            """, cancellationToken) == 1;
}
