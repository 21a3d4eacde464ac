using System.Net;
using System.Xml.Linq;
using Dashboard.Features.Notifications.Phone;

namespace Dashboard.Tests.Notifications.Phone;

/// <summary>
/// Acts as Twilio towards the app: POSTs a form to one of its webhook URLs, signed with the account's auth
/// token over that exact URL and those fields, as Twilio does (or forged, or unsigned, for the negative cases).
/// </summary>
public sealed class FakeTwilio(string authToken) : IDisposable
{
    private readonly HttpClient http = new();

    public enum Signing
    {
        Genuine,
        Forged,
        NoSignature,
    }

    public async Task<HttpResponseMessage> PostAsync(Uri url, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken, Signing signing = Signing.Genuine)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (signing != Signing.NoSignature)
        {
            var key = signing == Signing.Genuine ? authToken : authToken + "-not";
            request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(key, url.AbsoluteUri, fields));
        }
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Posts genuinely signed, expects TwiML back (200, text/xml) and returns it.</summary>
    public async Task<XElement> PostForTwimlAsync(Uri url, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(url, fields, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return XElement.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Everything the TwiML says, in order.</summary>
    public static string Spoken(XElement twiml)
    {
        ArgumentNullException.ThrowIfNull(twiml);
        return string.Join(" ", twiml.Descendants("Say").Select(s => s.Value));
    }

    public void Dispose() => http.Dispose();
}
