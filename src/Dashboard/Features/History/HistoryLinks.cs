using Microsoft.AspNetCore.WebUtilities;

namespace Dashboard.Features.History;

/// <summary>Addresses of the history page with its filters filled in (the console's caller lookup, the /manage figures).</summary>
public static class HistoryLinks
{
    public static string For(string? tenant = null, string? q = null, DateOnly? from = null, DateOnly? to = null,
        string? status = null, string? urgency = null, string? forWhom = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["tenant"] = tenant, ["q"] = q, ["from"] = from?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = to?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["status"] = status,
            ["urgency"] = urgency, ["forWhom"] = forWhom,
        };
        return QueryHelpers.AddQueryString("/history", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }
}
