namespace Dashboard.Features.Notifications.Phone;

/// <summary>The `Twilio` configuration section. Without an AccountSid the phone channel goes to the development outbox.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    /// <summary>The real API by default; tests point it at a local stub.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");
    public string AccountSid { get; set; } = "";
    public string AuthToken { get; set; } = "";
    /// <summary>The caller ID the call is placed from (E.164, a number of the Twilio account).</summary>
    public string FromNumber { get; set; } = "";
    /// <summary>How long the phone rings before Twilio gives up with no-answer.</summary>
    public int RingTimeoutSeconds { get; set; } = 30;
    /// <summary>How long to wait for Twilio to answer the create-call request; past it the outcome is unknown.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AccountSid);
}
