using System.Net.Mail;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Reports;

/// <summary>
/// Reads and saves a tenant's report recipients (one address a line or separated by commas) through a tracked entity,
/// so the change is audited with the actor; the tenant context keeps an account manager inside their tenants.
/// </summary>
public sealed class ReportSettingsEditor(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text)
{
    public const string RecipientsField = "recipients";
    public const string LanguageField = "language";

    public async Task<ReportSettings> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ReportSettings.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken)
            ?? new ReportSettings { TenantId = tenantId };
    }

    /// <summary>Saves; returns the message per bad field (nothing saved then), or none.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(Guid tenantId, string? recipients, string? language, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var addresses = Parse(recipients, errors);
        if (language is not ("ja" or "en"))
        {
            errors[LanguageField] = text["ReportSettings_LanguageInvalid"];
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.ReportSettings.FirstOrDefaultAsync(s => s.TenantId == tenantId, cancellationToken);
        if (settings is null)
        {
            settings = new ReportSettings { TenantId = tenantId };
            db.ReportSettings.Add(settings);
        }
        settings.Recipients = addresses;
        settings.Language = language!;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    private List<string> Parse(string? recipients, Dictionary<string, string> errors)
    {
        var parts = (recipients ?? "").Split([',', '\n', '\r', ';', ' ', '\t', '、', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = parts.Where(p => !IsEmailAddress(p)).ToList();
        if (bad.Count > 0)
        {
            errors[RecipientsField] = text["ReportSettings_AddressInvalid", string.Join(", ", bad.Take(3))];
            return [];
        }
        var addresses = parts.Select(p => p.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (addresses.Count > ReportSettings.MaxRecipients)
        {
            errors[RecipientsField] = text["ReportSettings_TooMany", ReportSettings.MaxRecipients];
        }
        return addresses;
    }

    /// <summary>One plain address (no display name, no list), short enough for the column: the contacts' rule.</summary>
    private static bool IsEmailAddress(string value) =>
        value.Length <= 320 && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && value.Contains('@', StringComparison.Ordinal)
        && !value.Contains('\0', StringComparison.Ordinal);
}
