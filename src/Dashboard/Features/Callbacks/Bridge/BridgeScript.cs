using System.Globalization;
using System.Xml.Linq;
using Dashboard.Features.Notifications.Phone;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// What the bridge call says and does, as TwiML, in the staff member's language (their contact's, through the phone
/// channel's <see cref="SpokenLanguage"/>): who is being called back and about what, then the &lt;Dial&gt; to the caller.
/// </summary>
public sealed class BridgeScript(IStringLocalizer<SharedResource> text)
{
    /// <summary>How long the caller's phone rings before Twilio reports no-answer.</summary>
    public const int DialTimeoutSeconds = 30;

    /// <summary>A short line naming the caller and the subject, then the caller is dialled from the tenant's caller ID.</summary>
    public string Connect(BridgeCall bridge, string callerName, string callerOrganization, string subject, Uri dialAction)
    {
        ArgumentNullException.ThrowIfNull(bridge);
        ArgumentNullException.ThrowIfNull(dialAction);
        var voice = SpokenLanguage.For(bridge.Language);
        var verbs = new List<XElement> { voice.Say(Spoken(voice, "Bridge_Intro")) };
        verbs.Add(voice.Say(string.IsNullOrWhiteSpace(callerOrganization)
            ? Spoken(voice, "Call_Caller", callerName)
            : Spoken(voice, "Call_CallerWithOrganization", callerName, callerOrganization)));
        if (!string.IsNullOrWhiteSpace(subject))
        {
            verbs.Add(voice.Say(Spoken(voice, "Call_Subject", subject)));
        }
        verbs.Add(voice.Say(Spoken(voice, "Bridge_Connecting")));
        verbs.Add(new XElement("Dial",
            new XAttribute("callerId", bridge.CallerId),
            new XAttribute("action", dialAction.AbsoluteUri),
            new XAttribute("method", "POST"),
            new XAttribute("timeout", DialTimeoutSeconds.ToString(CultureInfo.InvariantCulture)),
            new XElement("Number", bridge.CallerNumber)));
        return Twiml(verbs);
    }

    /// <summary>After the caller's leg: the outcome is recorded; goodbye.</summary>
    public string Recorded(string language)
    {
        var voice = SpokenLanguage.For(language);
        return Twiml([voice.Say(Spoken(voice, "Bridge_Recorded")), new XElement("Hangup")]);
    }

    private string Spoken(SpokenLanguage voice, string key, params object[] arguments) => voice.Text(text, key, arguments);

    private static string Twiml(IEnumerable<XElement> verbs) => SpokenLanguage.Twiml(verbs);
}
