using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Twilio's `X-Twilio-Signature`: Base64(HMAC-SHA1(auth token, full URL + every POST parameter's name and value,
/// sorted by name in ordinal order)). Twilio signs the URL it was given, so the URL here must be the public one.
/// </summary>
public static class TwilioSignature
{
    public const string Header = "X-Twilio-Signature";

    [SuppressMessage("Security", "CA5350", Justification = "HMAC-SHA1 is Twilio's signature scheme; it is not our choice.")]
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(parameters);
        var data = new StringBuilder(url);
        // Stable sort: a name sent twice keeps its values in the order they came, as Twilio signs them.
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }

    /// <summary>Whether <paramref name="signature"/> is Twilio's for this URL and these parameters; compared in constant time.</summary>
    public static bool IsValid(string authToken, string? signature, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(authToken, url, parameters));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
