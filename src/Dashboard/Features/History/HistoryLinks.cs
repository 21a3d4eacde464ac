using Microsoft.AspNetCore.WebUtilities;

namespace Dashboard.Features.History;

/// <summary>Addresses of the history page with its filters filled in (the console's caller lookup, the /manage figures).</summary>
public static class HistoryLinks
{
    /// <summary>The <c>urgency</c> value of the urgencies that escalate (至急・緊急), as the /manage figures count them.</summary>
    public const string Escalating = "Urgent,Emergency";

    /// <summary>
    /// The address; days are the tenant's local days (<c>to</c> inclusive), and <paramref name="before"/> is an instant
    /// instead of a last day: received before it (<c>to</c> as ISO 8601, exclusive).
    /// </summary>
    public static string For(string? tenant = null, string? q = null, DateOnly? from = null, DateOnly? to = null,
        string? status = null, string? urgency = null, string? forWhom = null, DateTimeOffset? before = null, HistoryAttention? attention = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["tenant"] = tenant, ["q"] = q, ["from"] = from?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = before?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)
                ?? to?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["status"] = status,
            ["urgency"] = urgency, ["forWhom"] = forWhom,
            ["attention"] = attention is { } a ? HistoryRequest.AttentionValue(a) : null,
        };
        return QueryHelpers.AddQueryString("/history", query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
    }
}
