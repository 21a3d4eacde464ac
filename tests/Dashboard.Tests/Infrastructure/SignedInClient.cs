using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Infrastructure;

/// <summary>An HTTP client signed in through the real sign-in form (antiforgery token and all), holding its cookie.</summary>
public sealed partial class SignedInClient : IDisposable
{
    private SignedInClient(HttpClient http, CookieContainer cookies)
    {
        Http = http;
        Cookies = cookies;
    }

    public HttpClient Http { get; }
    public CookieContainer Cookies { get; }

    public static async Task<SignedInClient> CreateAsync(Uri baseAddress, string email, string password)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        using var response = await PostSignInFormAsync(http, email, password);
        if (cookies.GetCookies(baseAddress).All(c => !c.Name.Contains("Identity", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }
        return new SignedInClient(http, cookies);
    }

    /// <summary>Fills in and posts the real sign-in form (antiforgery token and all); the response is the page with its error when sign-in fails.</summary>
    public static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient http, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(http);
        var page = await http.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await http.PostAsync("/Account/Login", form);
    }

    /// <summary>The sign-in cookie as a header value, for SignalR clients and browsers.</summary>
    public string CookieHeader(Uri baseAddress) => Cookies.GetCookieHeader(baseAddress);

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
