using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Dashboard.Features.Messages;

/// <summary>
/// The opaque <c>cursor</c> of <c>GET /api/v1/messages</c>: a keyset position and which order it belongs to
/// (newest received first, or oldest change first for <c>since</c>), so a cursor of one order is refused by the other.
/// </summary>
public static class ApiCursor
{
    private const char Received = 'r';
    private const char Changed = 'c';

    public static string ForReceived(Keyset position) => Encode(Received, position);

    public static string ForChanges(Keyset position) => Encode(Changed, position);

    /// <summary>Null when the text is not a cursor of the order asked for.</summary>
    public static Keyset? TryRead(string? text, bool changes)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length != 3 || parts[0] != (changes ? Changed : Received).ToString()
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !Guid.TryParseExact(parts[2], "N", out var id))
            {
                return null;
            }
            return new Keyset(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Encode(char order, Keyset position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{order}.{position.At.UtcTicks}.{position.Id:N}")));
}
