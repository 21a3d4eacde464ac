using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Retention;

/// <summary>Reads and saves a tenant's retention periods through a tracked entity (audited with the actor), validated.</summary>
public sealed class RetentionSettingsEditor(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text)
{
    public const string MessageField = "messageMonths";
    public const string DetailField = "detailMonths";

    public async Task<RetentionSettings> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RetentionSettings.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken)
            ?? RetentionSettings.DefaultsFor(tenantId);
    }

    /// <summary>Saves; returns the message per bad field (nothing saved then), or none.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(Guid tenantId, int? messageMonths, int? detailMonths, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (messageMonths is not (>= RetentionSettings.MinMonths and <= RetentionSettings.MaxMonths))
        {
            errors[MessageField] = text["Retention_MonthsRange", RetentionSettings.MinMonths, RetentionSettings.MaxMonths];
        }
        if (detailMonths is not (>= RetentionSettings.MinMonths and <= RetentionSettings.MaxMonths))
        {
            errors[DetailField] = text["Retention_MonthsRange", RetentionSettings.MinMonths, RetentionSettings.MaxMonths];
        }
        else if (messageMonths is { } m && detailMonths > m)
        {
            // A message's details go with it: keeping them longer than the message cannot work.
            errors[DetailField] = text["Retention_DetailLongerThanMessages"];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.RetentionSettings.FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken);
        if (settings is null)
        {
            settings = RetentionSettings.DefaultsFor(tenantId);
            db.RetentionSettings.Add(settings);
        }
        settings.MessageMonths = messageMonths!.Value;
        settings.DetailMonths = detailMonths!.Value;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }
}
