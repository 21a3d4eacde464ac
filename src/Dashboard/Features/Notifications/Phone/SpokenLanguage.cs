using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;

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

    /// <summary>
    /// A resource text in this language. The localizer reads the current UI culture and Twilio's request carries no
    /// preference, so it is switched for this lookup only.
    /// </summary>
    public string Text(IStringLocalizer localizer, string key, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Culture;
        try
        {
            return localizer[key, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>A TwiML document of these verbs.</summary>
    public static string Twiml(IEnumerable<XElement> verbs)
    {
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("Response", verbs));
        return $"{document.Declaration}\n{document.Root}";
    }
}
