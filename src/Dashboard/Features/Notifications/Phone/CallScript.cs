using System.Xml.Linq;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// What the call says, as TwiML, in the language of the person called (the attempt's language, not the web
/// request's: Twilio's requests carry no preference). Text comes from the shared resources.
/// </summary>
public sealed class CallScript(IStringLocalizer<SharedResource> text)
{
    /// <summary>The message, then "press 1 / press 2"; with no input it is read once more, then goodbye.</summary>
    public string Message(string language, string tenantName, AlertDetails message, Uri gatherUrl)
    {
        ArgumentNullException.ThrowIfNull(message);
        var voice = SpokenLanguage.For(language);
        var reading = Reading(voice, tenantName, message).Append(voice.Say(Spoken(voice, "Call_Menu"))).ToArray();
        return Twiml(Gather(gatherUrl, reading), Gather(gatherUrl, reading), voice.Say(Spoken(voice, "Call_NoInput")), new XElement("Hangup"));
    }

    /// <summary>After a key that means nothing: the choices again, then goodbye.</summary>
    public string Menu(string language, Uri gatherUrl)
    {
        var voice = SpokenLanguage.For(language);
        var menu = voice.Say(Spoken(voice, "Call_Menu"));
        return Twiml(Gather(gatherUrl, menu), Gather(gatherUrl, menu), voice.Say(Spoken(voice, "Call_NoInput")), new XElement("Hangup"));
    }

    /// <summary>"Press 1" took it: nobody else will be called.</summary>
    public string Acknowledged(string language)
    {
        var voice = SpokenLanguage.For(language);
        return Twiml(voice.Say(Spoken(voice, "Call_Acknowledged")), new XElement("Hangup"));
    }

    /// <summary>Somebody took the message before this call got to it: say who, and hang up.</summary>
    public string AlreadyTaken(string language, string? takenBy)
    {
        var voice = SpokenLanguage.For(language);
        return Twiml(voice.Say(Spoken(voice, "Call_AlreadyAcknowledged", takenBy ?? "")), new XElement("Hangup"));
    }

    /// <summary>A test call: who is calling and "press 1 to confirm this number"; with no input it is said once more, then goodbye.</summary>
    public string TestCall(string language, string tenantName, Uri gatherUrl)
    {
        var voice = SpokenLanguage.For(language);
        XElement[] prompt = [voice.Say(Spoken(voice, "Call_TestIntro", tenantName)), voice.Say(Spoken(voice, "Call_TestMenu"))];
        return Twiml(Gather(gatherUrl, prompt), Gather(gatherUrl, prompt), voice.Say(Spoken(voice, "Call_NoInput")), new XElement("Hangup"));
    }

    /// <summary>The test call's "1" confirmed the number (or <paramref name="confirmed"/> is false: it is no longer this contact's number).</summary>
    public string TestAnswered(string language, bool confirmed)
    {
        var voice = SpokenLanguage.For(language);
        return Twiml(voice.Say(Spoken(voice, confirmed ? "Call_TestConfirmed" : "Call_TestNumberChanged")), new XElement("Hangup"));
    }

    /// <summary>A callback reminder: the caller still waits, their details, "press 1 if you are calling now"; said twice, then goodbye.</summary>
    public string CallbackReminder(string language, string tenantName, AlertDetails message, Uri gatherUrl)
    {
        ArgumentNullException.ThrowIfNull(message);
        var voice = SpokenLanguage.For(language);
        var reading = new[] { voice.Say(Spoken(voice, "Call_ReminderIntro", tenantName)) }
            .Concat(Reading(voice, tenantName, message).Skip(1))
            .Append(voice.Say(Spoken(voice, "Call_ReminderMenu"))).ToArray();
        return Twiml(Gather(gatherUrl, reading), Gather(gatherUrl, reading), voice.Say(Spoken(voice, "Call_NoInput")), new XElement("Hangup"));
    }

    /// <summary>After "1" on a reminder: snoozed (<paramref name="snoozed"/>), or nothing more to do (called back, resolved, already snoozed).</summary>
    public string CallbackReminderAnswered(string language, bool snoozed, int snoozeMinutes)
    {
        var voice = SpokenLanguage.For(language);
        return Twiml(voice.Say(snoozed ? Spoken(voice, "Call_ReminderSnoozed", snoozeMinutes) : Spoken(voice, "Call_ReminderClosed")), new XElement("Hangup"));
    }

    private IEnumerable<XElement> Reading(SpokenLanguage voice, string tenantName, AlertDetails message)
    {
        yield return voice.Say(Spoken(voice, "Call_Intro", tenantName));
        yield return voice.Say(Spoken(voice, "Call_Urgency", Spoken(voice, $"Urgency_{message.Urgency}")));
        yield return voice.Say(string.IsNullOrWhiteSpace(message.CallerOrganization)
            ? Spoken(voice, "Call_Caller", message.CallerName)
            : Spoken(voice, "Call_CallerWithOrganization", message.CallerName, message.CallerOrganization));
        if (!string.IsNullOrWhiteSpace(message.Subject))
        {
            yield return voice.Say(Spoken(voice, "Call_Subject", message.Subject));
        }
        if (!string.IsNullOrWhiteSpace(message.Body))
        {
            yield return voice.Say(Spoken(voice, "Call_Body", message.Body));
        }
        if (!string.IsNullOrWhiteSpace(message.CallbackNumber))
        {
            yield return voice.Say(Spoken(voice, "Call_CallbackNumber", DigitByDigit(message.CallbackDisplay, voice.Pause)));
        }
    }

    /// <summary>"03-1234-5678" → "0 3、1 2 3 4、5 6 7 8": text-to-speech reads each digit instead of a large number.</summary>
    public static string DigitByDigit(string number, string pause)
    {
        ArgumentNullException.ThrowIfNull(number);
        var groups = number.Split(['-', ' ', '(', ')', '+', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(group => string.Join(' ', group.Where(char.IsAsciiDigit)))
            .Where(group => group.Length > 0);
        return string.Join(pause, groups);
    }

    private string Spoken(SpokenLanguage voice, string key, params object[] arguments) => voice.Text(text, key, arguments);

    private static XElement Gather(Uri action, params XElement[] inside) =>
        new("Gather", new XAttribute("numDigits", "1"), new XAttribute("action", action.AbsoluteUri), new XAttribute("method", "POST"), inside);

    private static string Twiml(params XElement[] verbs) => SpokenLanguage.Twiml(verbs);
}
