using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Places a call through Twilio's Voice API (plain HTTP, so `Twilio:BaseUrl` can point at a stub). Twilio
/// fetches what to say from this app's voice webhook and reports progress to its status webhook.
/// Failures are classified by whether Twilio could have created the call: certainly not (no connection,
/// 429, 503) is transient and retried; rejected (other 4xx) is permanent; anything after the request may
/// have been acted on (timeout, 500) is an unknown outcome and never blindly repeated.
/// </summary>
public sealed class TwilioCallSender(IHttpClientFactory httpClients, IOptions<TwilioOptions> options)
{
    public const string HttpClientName = "twilio";

    private static readonly string[] StatusEvents = ["initiated", "ringing", "answered", "completed"];

    /// <summary>
    /// Calls <paramref name="to"/>; Twilio fetches what to say from <paramref name="voiceUrl"/> and, when given,
    /// reports progress to <paramref name="statusCallback"/>. Returns the call SID; failures as described above, by exception type.
    /// </summary>
    public async Task<string> PlaceCallAsync(string to, Uri voiceUrl, Uri? statusCallback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(voiceUrl);
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post,
            new Uri(settings.BaseUrl, $"2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/Calls.json"))
        {
            Content = new FormUrlEncodedContent(FormFor(to, voiceUrl, statusCallback, settings)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        var client = httpClients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            throw new TransientSendException($"Twilio could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TwilioOutcomeUnknownException($"Twilio did not answer within {settings.RequestTimeout.TotalSeconds:0} s; the call may have been placed", ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return SidOf(body) ?? throw new TwilioOutcomeUnknownException($"Twilio answered {(int)response.StatusCode} without a call SID");
            }
            var error = TwilioError.Parse(body, response.StatusCode);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                throw new TransientSendException($"Twilio did not create the call: {error}");
            }
            if ((int)response.StatusCode is >= 400 and < 500)
            {
                throw new TwilioRejectedCallException(error.Code, $"Twilio rejected the call: {error}");
            }
            throw new TwilioOutcomeUnknownException($"Twilio answered {(int)response.StatusCode}; the call may have been placed: {error}");
        }
    }

    private static List<KeyValuePair<string, string>> FormFor(string to, Uri voiceUrl, Uri? statusCallback, TwilioOptions settings)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", to),
            new("From", settings.FromNumber),
            new("Url", voiceUrl.AbsoluteUri),
            new("Method", "POST"),
            new("Timeout", settings.RingTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (statusCallback is not null)
        {
            form.Add(new("StatusCallback", statusCallback.AbsoluteUri));
            form.Add(new("StatusCallbackMethod", "POST"));
            form.AddRange(StatusEvents.Select(e => new KeyValuePair<string, string>("StatusCallbackEvent", e)));
        }
        return form;
    }

    private static string? SidOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("sid", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Twilio refused to create the call (an invalid number, bad credentials): trying again cannot help.</summary>
public sealed class TwilioRejectedCallException(int? code, string message) : RejectedSendException(message)
{
    public int? Code { get; } = code;
}

/// <summary>Twilio may or may not have placed the call: the attempt is not repeated, so nobody is called twice.</summary>
public sealed class TwilioOutcomeUnknownException(string message, Exception? inner = null) : Exception(message, inner);
