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

    public void Dispose() => http.Dispose();
}
