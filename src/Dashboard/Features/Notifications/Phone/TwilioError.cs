using System.Net;
using System.Text.Json;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>Twilio's error body (`{"code": 21211, "message": "...", "status": 400}`), or the bare status when there is none.</summary>
internal sealed record TwilioError(int? Code, string Message)
{
    public static TwilioError Parse(string body, HttpStatusCode status)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new TwilioError(null, $"HTTP {(int)status}");
            }
            int? code = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new TwilioError(code, message ?? $"HTTP {(int)status}");
        }
        catch (JsonException)
        {
            return new TwilioError(null, $"HTTP {(int)status}");
        }
    }

    public override string ToString() => Code is null ? Message : $"{Message} (Twilio error {Code})";
}
