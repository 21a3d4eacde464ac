using Dashboard.Data;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// Reads and saves a tenant's outgoing caller ID through a tracked entity (audited with the actor). A number is stored in
/// E.164 (a Japanese number may be typed as 03-1234-5678); an empty field removes it, which turns 「折り返す」 off.
/// </summary>
public sealed class CallerIdSettings(IDbContextFactory<AppDbContext> dbFactory, IStringLocalizer<SharedResource> text)
{
    /// <summary>The field's name in errors (the page's and any future API's).</summary>
    public const string Field = "outgoingCallerId";

    public async Task<string?> LoadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OutgoingCallerIds.AsNoTracking().Where(c => c.TenantId == tenantId).Select(c => c.Number).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The error for a number that is not one, naming the field; null when it is one (or empty).</summary>
    public string? Validate(string? number, out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }
        if (MessageValidator.HasUnstorableCharacter(number) || !CallbackNumbers.TryNormalize(number, out var normalized))
        {
            return text["CallerId_Invalid", text["CallerId_Label"]];
        }
        e164 = normalized;
        return null;
    }

    /// <summary>Saves (or removes, when empty); returns the error per bad field (nothing saved then), or none.</summary>
    public async Task<Dictionary<string, string>> SaveAsync(Guid tenantId, string? number, CancellationToken cancellationToken)
    {
        if (Validate(number, out var e164) is { } error)
        {
            return new Dictionary<string, string> { [Field] = error };
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var setting = await db.OutgoingCallerIds.FirstOrDefaultAsync(c => c.TenantId == tenantId, cancellationToken);
        if (e164 is null)
        {
            if (setting is not null)
            {
                db.OutgoingCallerIds.Remove(setting);
            }
        }
        else if (setting is null)
        {
            db.OutgoingCallerIds.Add(new OutgoingCallerId { TenantId = tenantId, Number = e164 });
        }
        else
        {
            setting.Number = e164;
        }
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
