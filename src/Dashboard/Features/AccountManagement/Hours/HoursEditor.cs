using Dashboard.Data;
using Dashboard.Features.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.AccountManagement.Hours;

/// <summary>A tenant's hours as the editor shows them.</summary>
public sealed record HoursView(List<DayHoursInput> Days, bool ClosedOnPublicHolidays, IReadOnlyList<ClosedDate> ClosedDates);

/// <summary>
/// Changes a tenant's weekly hours and closed dates through tracked entities (audited with the actor). The
/// tenant context's query filters and save check keep an account manager inside their assigned tenants.
/// </summary>
public sealed class HoursEditor(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text)
{
    public async Task<HoursView> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hours = await db.BusinessHours.AsNoTracking().FirstOrDefaultAsync(h => h.TenantId == tenantId, cancellationToken);
        var closed = await db.ClosedDates.AsNoTracking().Where(c => c.TenantId == tenantId).OrderBy(c => c.Date).ToListAsync(cancellationToken);
        return new HoursView(WeeklyHours.ToInput(hours), hours?.ClosedOnPublicHolidays ?? true, closed);
    }

    /// <summary>Saves the week; returns the messages per bad field (nothing saved then), or none.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveWeeklyAsync(
        Guid tenantId, IEnumerable<DayHoursInput> days, bool closedOnPublicHolidays, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var periods = WeeklyHours.Validate(days, text, errors);
        if (periods is null)
        {
            return errors;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hours = await db.BusinessHours.FirstOrDefaultAsync(h => h.TenantId == tenantId, cancellationToken);
        if (hours is null)
        {
            hours = new BusinessHours { TenantId = tenantId };
            db.BusinessHours.Add(hours);
        }
        hours.Weekly = periods;
        hours.ClosedOnPublicHolidays = closedOnPublicHolidays;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Adds a closed date; returns a message for the date field when it is missing or already closed.</summary>
    public async Task<string?> AddClosedDateAsync(Guid tenantId, DateOnly? date, string? note, CancellationToken cancellationToken)
    {
        if (date is null)
        {
            return text["Validation_Required"];
        }
        var reason = (note ?? "").Trim();
        if (reason.Length > 200)
        {
            return text["Contact_NameTooLong", 200];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.ClosedDates.AnyAsync(c => c.TenantId == tenantId && c.Date == date, cancellationToken))
        {
            return text["HoursEditor_DateAlreadyClosed"];
        }
        db.ClosedDates.Add(new ClosedDate { TenantId = tenantId, Date = date.Value, Reason = reason });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task RemoveClosedDateAsync(Guid tenantId, Guid closedDateId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var closed = await db.ClosedDates.FirstOrDefaultAsync(c => c.Id == closedDateId && c.TenantId == tenantId, cancellationToken);
        if (closed is not null)
        {
            db.ClosedDates.Remove(closed);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
