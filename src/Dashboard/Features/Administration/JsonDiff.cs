using System.Globalization;
using System.Text.Json;

namespace Dashboard.Features.Administration;

/// <summary>One property that differs between two JSON snapshots; a missing side is null.</summary>
public sealed record JsonChange(string Path, string? Before, string? After);

/// <summary>
/// Compares two JSON documents (an audit entry's before and after) and lists only what changed. Objects and
/// arrays of objects are walked down to their leaves, so a changed step delay reads "Steps[1].DelayMinutes: 5 → 10"
/// rather than two walls of JSON. An array of plain values (a policy's urgencies, report recipients) is one leaf whose
/// value is the array's JSON: "[1,2] → [0,1,2]" reads as a list, where "[0]: 1 → 0, [1]: 2 → 1, [2]: → 2" would not.
/// Knows nothing about the entities: any JSON works.
/// </summary>
public static class JsonDiff
{
    public static IReadOnlyList<JsonChange> Compare(string? before, string? after)
    {
        var left = Flatten(before);
        var right = Flatten(after);
        var changes = new List<JsonChange>();
        foreach (var path in left.Keys.Union(right.Keys).OrderBy(p => p, StringComparer.Ordinal))
        {
            left.TryGetValue(path, out var was);
            right.TryGetValue(path, out var now);
            if (!string.Equals(was, now, StringComparison.Ordinal))
            {
                changes.Add(new JsonChange(path, was, now));
            }
        }
        return changes;
    }

    /// <summary>The last property name of a path ("Steps[1].DelayMinutes" gives "DelayMinutes"), for looking up its label.</summary>
    public static string LeafName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('.') + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? name : name[..bracket];
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var leaves = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return leaves;
        }
        using var document = JsonDocument.Parse(json);
        Walk(document.RootElement, "", leaves);
        return leaves;
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string?> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", leaves);
                }
                break;
            case JsonValueKind.Array when element.EnumerateArray().All(item => item.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                leaves[path] = element.GetArrayLength() == 0 ? null : element.GetRawText();
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), leaves);
                }
                break;
            case JsonValueKind.String:
                leaves[path] = element.GetString();
                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                leaves[path] = null;
                break;
            default:
                leaves[path] = element.GetRawText();
                break;
        }
    }
}
