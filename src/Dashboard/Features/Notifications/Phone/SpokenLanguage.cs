using System.Globalization;
using System.Xml.Linq;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// A language a call can be read in: the resource culture, Twilio's &lt;Say&gt; language and a voice that speaks
/// it (Twilio's default voice has no Japanese, so a neural voice is named), and the pause between digit groups.
/// </summary>
public sealed record SpokenLanguage(CultureInfo Culture, string SayLanguage, string Voice, string Pause)
{
    public static readonly SpokenLanguage Japanese = new(CultureInfo.GetCultureInfo("ja"), "ja-JP", "Polly.Mizuki", "、");
    public static readonly SpokenLanguage English = new(CultureInfo.GetCultureInfo("en"), "en-US", "Polly.Joanna", ", ");

    /// <summary>Japanese unless the contact's language is English.</summary>
    public static SpokenLanguage For(string? language) =>
        string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) || language?.StartsWith("en-", StringComparison.OrdinalIgnoreCase) == true
            ? English
            : Japanese;

    public XElement Say(string text) => new("Say", new XAttribute("voice", Voice), new XAttribute("language", SayLanguage), text);
}
