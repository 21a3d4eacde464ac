using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Dashboard.Components.Shared;
using Dashboard.Features.Audit;
using Dashboard.Features.Contacts;
using Dashboard.Features.Notifications;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Administration;

/// <summary>
/// An audit entry's stored values as people read them: an enum number by its name in the reader's language, an instant in
/// the tenant's time zone ("2026/12/02 15:04"), an id by the name of what it points at, a language by its name, a list as
/// a list. The stored JSON stays as written (numbers, ISO 8601, ids) so that every entry, old or new, reads the same way:
/// the reading is done here, at render, from the audited type's property at that path.
/// </summary>
public sealed class AuditValueText(IStringLocalizer text, IReadOnlyDictionary<string, string> names)
{
    /// <summary>Audited entity types by the name an entry stores (<c>ClrType.Name</c>).</summary>
    private static readonly Dictionary<string, Type> Audited = typeof(AuditEntry).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<AuditedAttribute>(inherit: false) is not null)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Fields of the entries a feature writes by hand (no audited type to read them from).</summary>
    private static readonly Dictionary<(string Entity, string Field), Type> Written = new()
    {
        [(ContactTester.AuditEntity, "Channel")] = typeof(NotificationChannel),
        [(ContactTester.AuditEntity, "Outcome")] = typeof(ContactTestOutcome),
    };

    /// <summary>Resource key prefixes of enums whose labels the app already had under another name than the type's.</summary>
    private static readonly Dictionary<Type, string> EnumKeys = new()
    {
        [typeof(Escalation.HoursCoverage)] = "Hours_",
        [typeof(ApiKeys.ApiKeyScope)] = "ApiKeys_Scope_",
    };

    private static readonly Dictionary<string, string> Languages = new(StringComparer.Ordinal) { ["ja"] = "日本語", ["en"] = "English" };

    /// <summary>Paths not worth a line: the record's own id (the entry's heading names the record).</summary>
    public static bool IsShown(string path) => path != "Id";

    /// <summary>"Steps[1].Targets[0].Channel" reads "ステップ 2 › 連絡先 1 › 手段": every name in the reader's language, positions from 1.</summary>
    public string Field(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Join(" › ", path.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var label = Localized($"AuditField_{name}") ?? name;
            return bracket >= 0 && int.TryParse(segment[(bracket + 1)..^1], CultureInfo.InvariantCulture, out var index)
                ? $"{label} {index + 1}"
                : label;
        }));
    }

    /// <summary>One stored value of <paramref name="entity"/> at <paramref name="path"/> (null: not there), read in <paramref name="zone"/>.</summary>
    public string Value(string entity, string path, string? raw, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrEmpty(raw))
        {
            return "—";
        }
        var type = TypeAt(entity, path);
        if (raw.StartsWith('[') && TryReadList(raw, out var items))
        {
            return items.Count == 0 ? "—" : string.Join(text["List_Separator"], items.Select(item => One(JsonDiff.LeafName(path), type, item, zone)));
        }
        return One(JsonDiff.LeafName(path), type, raw, zone);
    }

    private string One(string field, Type? type, string raw, TimeZoneInfo zone)
    {
        if (type is { IsEnum: true } && EnumName(type, raw) is { } name)
        {
            return type == typeof(DayOfWeek)
                ? CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(Enum.Parse<DayOfWeek>(name))
                : Localized($"{EnumKeys.GetValueOrDefault(type, type.Name + "_")}{name}") ?? name;
        }
        if (type == typeof(TimeOnly) && TimeOnly.TryParse(raw, CultureInfo.InvariantCulture, out var time))
        {
            return time.ToString("HH:mm", CultureInfo.InvariantCulture);
        }
        if (type == typeof(DateOnly) && DateOnly.TryParse(raw, CultureInfo.InvariantCulture, out var day))
        {
            return day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);
        }
        if ((type == typeof(DateTimeOffset) || (type is null && LooksLikeAnInstant(raw)))
            && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return TimeDisplay.Local(at, zone);
        }
        if (field == "Role" && Localized($"Admin_Role_{raw}") is { } role)
        {
            return role;
        }
        if (field is "Language" or "PreferredCulture" && Languages.TryGetValue(raw, out var language))
        {
            return language;
        }
        return raw switch
        {
            "true" => text["Admin_Audit_Yes"],
            "false" => text["Admin_Audit_No"],
            _ => names.GetValueOrDefault(raw, raw),
        };
    }

    /// <summary>The CLR type stored at a path ("Steps[0].Targets[1].Channel" of a policy version: NotificationChannel), if known.</summary>
    internal static Type? TypeAt(string entity, string path)
    {
        if (!Audited.TryGetValue(entity, out var type))
        {
            return Written.GetValueOrDefault((entity, path));
        }
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var property = type.GetProperty(bracket < 0 ? segment : segment[..bracket], BindingFlags.Public | BindingFlags.Instance);
            if (property is null)
            {
                return null;
            }
            type = ElementOf(property.PropertyType);
        }
        return type;
    }

    private static Type ElementOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            type = type.GetGenericArguments()[0];
        }
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>A stored enum: its number (the serializer's default) or its name (entries written by hand).</summary>
    private static string? EnumName(Type type, string raw) =>
        long.TryParse(raw, CultureInfo.InvariantCulture, out var number)
            ? Enum.GetName(type, Enum.ToObject(type, number))
            : Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, raw, StringComparison.Ordinal));

    /// <summary>An ISO 8601 instant as System.Text.Json writes one ("2026-12-02T06:21:11.1234567+00:00").</summary>
    private static bool LooksLikeAnInstant(string raw) =>
        raw.Length >= 20 && raw[4] == '-' && raw[10] == 'T' && (raw.EndsWith('Z') || raw[^6] is '+' or '-');

    private static bool TryReadList(string raw, out List<string> items)
    {
        items = [];
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }
            items = [.. document.RootElement.EnumerateArray()
                .Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() ?? "" : item.GetRawText())];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string? Localized(string key)
    {
        var value = text[key];
        return value.ResourceNotFound ? null : value.Value;
    }
}
