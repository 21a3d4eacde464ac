using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// Reads and saves a tenant's callback deadlines through a tracked entity (audited with the actor), validated. The tenant
/// query filter decides whose settings are visible: another tenant's are simply not there, and writing them throws.
/// </summary>
public sealed class CallbackDeadlineSettingsEditor(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text)
{
    public const string EmergencyField = "emergencyMinutes";
    public const string UrgentField = "urgentMinutes";

    public async Task<CallbackDeadlineSettings> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CallbackDeadlineSettings.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken)
            ?? CallbackDeadlineSettings.DefaultsFor(tenantId);
    }

    /// <summary>Saves (an empty value: no deadline for that urgency); returns the message per bad field (nothing saved then), or none.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(Guid tenantId, int? emergencyMinutes, int? urgentMinutes, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        foreach (var (field, value) in new[] { (EmergencyField, emergencyMinutes), (UrgentField, urgentMinutes) })
        {
            if (value is not null and not (>= CallbackDeadlineSettings.MinMinutes and <= CallbackDeadlineSettings.MaxMinutes))
            {
                errors[field] = text["CallbackDeadlines_MinutesRange", CallbackDeadlineSettings.MinMinutes, CallbackDeadlineSettings.MaxMinutes];
            }
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.CallbackDeadlineSettings.FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken);
        if (settings is null)
        {
            settings = CallbackDeadlineSettings.DefaultsFor(tenantId);
            db.CallbackDeadlineSettings.Add(settings);
        }
        settings.EmergencyMinutes = emergencyMinutes;
        settings.UrgentMinutes = urgentMinutes;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }
}
