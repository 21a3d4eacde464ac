using Dashboard.Features.Messages;

namespace Dashboard.Features.Callbacks.Bridge;

/// <summary>
/// What Twilio's <c>DialCallStatus</c> (the caller's leg) means as a callback. Only a connected call reached the caller;
/// "failed" (the number could not be connected: it may be unreachable, out of service or refused by the carrier) and
/// "canceled" (the staff member hung up while it rang) are recorded as NoAnswer, not WrongNumber: only a person who spoke
/// to someone can say the number was wrong, and they can record that by hand.
/// </summary>
public static class DialOutcome
{
    /// <summary>Null for a status that says nothing about the caller (absent, or one Twilio may add): nothing is recorded.</summary>
    public static CallbackOutcome? For(string? dialCallStatus) => dialCallStatus switch
    {
        "completed" or "answered" => CallbackOutcome.Reached,
        "no-answer" => CallbackOutcome.NoAnswer,
        "busy" => CallbackOutcome.Busy,
        "failed" or "canceled" => CallbackOutcome.NoAnswer,
        _ => null,
    };

    /// <summary>The note kept with a NoAnswer that was really something else, so the timeline does not hide it.</summary>
    public static string NoteFor(string dialCallStatus) => dialCallStatus is "failed" or "canceled" ? $"Twilio: {dialCallStatus}" : "";
}
