using Dashboard.Data;
using Dashboard.Features.History;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Intake;

/// <summary>One earlier message from the number being typed.</summary>
public sealed record CallerVisit(Guid Id, DateTimeOffset ReceivedAt, string Subject, Urgency Urgency);

/// <summary>
/// What the console shows while the operator is on the phone: how often this number called the chosen client today
/// (in the client's time zone) and before, the newest few subjects, and the history page filtered to the number.
/// </summary>
public sealed record CallerHistory(string CallbackNumber, int Today, int Total, bool TotalCapped, IReadOnlyList<CallerVisit> Latest, TimeZoneInfo TimeZone, string HistoryHref);

/// <summary>
/// The console's caller lookup: an equality on the stored E.164 number within one tenant (IX_Messages_CallbackNumber), so
/// it stays an index range however many messages there are. Counting stops at <see cref="CountLimit"/>: a switchboard
/// number that called ten thousand times needs no exact figure on the form.
/// </summary>
public sealed class CallerHistoryQuery(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const int Shown = 3;
    public const int CountLimit = 999;

    public async Task<CallerHistory?> FindAsync(Guid tenantId, string typedNumber, CancellationToken cancellationToken)
    {
        if (!CallbackNumbers.TryNormalize(typedNumber, out var e164))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.Slug, t.TimeZoneId }).FirstOrDefaultAsync(cancellationToken);
        if (tenant is null)
        {
            return null;
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZoneId);
        var localToday = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).Date;
        var startOfToday = new DateTimeOffset(localToday, zone.GetUtcOffset(localToday)).ToUniversalTime();
        var fromNumber = db.Messages.AsNoTracking().Where(m => m.TenantId == tenantId && m.CallbackNumber == e164);
        var total = await fromNumber.Take(CountLimit + 1).CountAsync(cancellationToken);
        var today = total == 0 ? 0 : await fromNumber.Where(m => m.ReceivedAt >= startOfToday).Take(CountLimit + 1).CountAsync(cancellationToken);
        var latest = total == 0 ? [] : await fromNumber.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(Shown)
            .Select(m => new CallerVisit(m.Id, m.ReceivedAt, m.Subject, m.Urgency)).ToListAsync(cancellationToken);
        return new CallerHistory(e164, Math.Min(today, CountLimit), Math.Min(total, CountLimit), total > CountLimit, latest, zone,
            HistoryLinks.For(tenant: tenant.Slug, q: CallbackNumbers.Display(e164)));
    }
}
