using System.Globalization;
using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.History;

/// <summary>
/// The history filters as they arrive in a query string (the API, the export, the page's address): read as text so
/// that every bad one is named in a 400. <c>from</c> and <c>to</c> are a day (<c>2026-03-31</c>, in the tenant's time
/// zone, <c>to</c> inclusive) or an instant (ISO 8601; without an offset it is the tenant's local time; <c>to</c>
/// exclusive).
/// </summary>
public sealed record HistoryRequest(HistoryCriteria Criteria, Tenant? Tenant, TimeZoneInfo Zone)
{
    public sealed record Outcome(HistoryRequest? Request, Dictionary<string, string[]> Errors, bool TenantNotFound);

    /// <summary>The <c>status</c> value that asks for the messages called back (折り返し済み).</summary>
    public const string CalledBackStatus = "CalledBack";

    /// <summary>The <c>attention</c> values, as the address writes them.</summary>
    public static readonly IReadOnlyDictionary<string, HistoryAttention> AttentionValues = new Dictionary<string, HistoryAttention>(StringComparer.OrdinalIgnoreCase)
    {
        ["exhausted"] = HistoryAttention.Exhausted,
        ["callback-overdue"] = HistoryAttention.CallbackOverdue,
    };

    public static string AttentionValue(HistoryAttention attention) => AttentionValues.First(p => p.Value == attention).Key;

    public static async Task<Outcome> ReadAsync(Func<string, string?> query, AppDbContext db, IStringLocalizer<SharedResource> text,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        var errors = new Dictionary<string, string[]>();
        string? Checked(string field, int maxLength)
        {
            var value = query(field);
            if (value is null)
            {
                return null;
            }
            if (MessageValidator.HasUnstorableCharacter(value))
            {
                errors[field] = [text["Validation_InvalidCharacter"]];
                return null;
            }
            if (value.Length > maxLength)
            {
                errors[field] = [text["History_TooLong", maxLength]];
                return null;
            }
            return value;
        }
        var slug = Checked("tenant", 100);
        var q = Checked("q", HistoryCriteria.MaxQueryLength);
        var forWhom = Checked("forWhom", MessageLimits.Name);
        // Called back (折り返し済み) is a filter beside the statuses: a message is called back whatever its status.
        var calledBack = string.Equals(query("status")?.Trim(), CalledBackStatus, StringComparison.OrdinalIgnoreCase);
        var status = calledBack ? null : ParseEnum<MessageStatus>("status", query("status"), errors, text);
        if (errors.ContainsKey("status"))
        {
            errors["status"] = [text["Api_ValueNotAllowed", string.Join(", ", [.. Enum.GetNames<MessageStatus>(), CalledBackStatus])]];
        }
        // One urgency, or several by comma (the /manage figures link to 至急・緊急 together).
        var urgencies = (query("urgency") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(name => ParseEnum<Urgency>("urgency", name, errors, text)).OfType<Urgency>().Distinct().Order().ToList();

        HistoryAttention? attention = null;
        if (query("attention") is { } attentionText && !string.IsNullOrWhiteSpace(attentionText))
        {
            if (AttentionValues.TryGetValue(attentionText.Trim(), out var parsed))
            {
                attention = parsed;
            }
            else
            {
                errors["attention"] = [text["Api_ValueNotAllowed", string.Join(", ", AttentionValues.Keys)]];
            }
        }

        Tenant? tenant = null;
        if (!string.IsNullOrWhiteSpace(slug) && !errors.ContainsKey("tenant"))
        {
            // Tenants are global rows: a tenant the caller may not see gets the same 404 as an unknown slug.
            tenant = await TenantDirectory.FindVisibleAsync(db, slug, cancellationToken);
            if (tenant is null)
            {
                return new Outcome(null, errors, TenantNotFound: true);
            }
        }
        else if (db.Tenant.TenantId is { } own)
        {
            tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == own, cancellationToken);
        }
        var zone = ZoneOf(tenant);
        var from = ParseTime("from", query("from"), zone, endOfDay: false, errors, text);
        var to = ParseTime("to", query("to"), zone, endOfDay: true, errors, text);
        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = [text["History_ToBeforeFrom"]];
        }
        if (errors.Count > 0)
        {
            return new Outcome(null, errors, TenantNotFound: false);
        }
        var criteria = new HistoryCriteria
        {
            TenantId = tenant?.Id, Query = string.IsNullOrWhiteSpace(q) ? null : q, From = from, To = to,
            ForWhom = string.IsNullOrWhiteSpace(forWhom) ? null : forWhom.Trim(), Status = status, CalledBack = calledBack, Urgencies = urgencies,
            Attention = attention, AsOf = now,
        };
        return new Outcome(new HistoryRequest(criteria, tenant, zone), errors, TenantNotFound: false);
    }

    public static TimeZoneInfo ZoneOf(Tenant? tenant)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(tenant?.TimeZoneId ?? Tenant.DefaultTimeZoneId);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.FindSystemTimeZoneById(Tenant.DefaultTimeZoneId);
        }
    }

    /// <summary>The start of a local day in <paramref name="zone"/>, as an instant.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue);
        // A day that starts in a spring-forward gap starts at the first valid minute after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTimeOffset? ParseTime(string field, string? value, TimeZoneInfo zone, bool endOfDay,
        Dictionary<string, string[]> errors, IStringLocalizer<SharedResource> text)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (endOfDay && day == DateOnly.MaxValue)
            {
                return null;
            }
            return StartOfDay(endOfDay ? day.AddDays(1) : day, zone).ToUniversalTime();
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var instant) && HasOffset(value))
        {
            return instant.ToUniversalTime();
        }
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local) && !zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local)).ToUniversalTime();
        }
        errors[field] = [text["History_TimeInvalid"]];
        return null;
    }

    private static bool HasOffset(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && (value[^6] is '+' or '-') && value[^3] == ':');

    /// <summary>A status or urgency by name ("New", "urgent"); numbers and combinations are not names.</summary>
    public static TEnum? ParseEnum<TEnum>(string field, string? value, Dictionary<string, string[]> errors, IStringLocalizer<SharedResource> text)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            && !int.TryParse(value, out _) && !value.Contains(',', StringComparison.Ordinal))
        {
            return parsed;
        }
        errors[field] = [text["Api_ValueNotAllowed", string.Join(", ", Enum.GetNames<TEnum>())]];
        return null;
    }
}
