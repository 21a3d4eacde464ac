using System.Net;
using System.Text.RegularExpressions;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>A cookie-keeping HTTP client that opens an acknowledge link and submits its form, the way a browser would.</summary>
public sealed partial class AcknowledgePageClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient client = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public sealed record Page(HttpStatusCode Status, string Html)
    {
        /// <summary>What the page says happened (the <c>LinkOutcome</c> it rendered), or null without one.</summary>
        public string? Outcome => OutcomeAttribute().Match(Html) is { Success: true } m ? m.Groups[1].Value : null;

        /// <summary>The page as a reader sees it: Blazor writes non-ASCII text and '+' as character references.</summary>
        public string Text => WebUtility.HtmlDecode(Html);

        public bool HasAcknowledgeButton => Html.Contains("data-testid=\"ack-button\"", StringComparison.Ordinal);

        /// <summary>The hidden fields of the acknowledge form: the antiforgery token and the form's name.</summary>
        public Dictionary<string, string> FormFields() => HiddenInput().Matches(Html)
            .Select(m => (Name: NameAttribute().Match(m.Value).Groups[1].Value, Value: ValueAttribute().Match(m.Value).Groups[1].Value))
            .Where(f => f.Name.Length > 0)
            .ToDictionary(f => WebUtility.HtmlDecode(f.Name), f => WebUtility.HtmlDecode(f.Value));
    }

    public async Task<Page> GetAsync(string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Posts the form of <paramref name="formPage"/> (antiforgery included) to <paramref name="path"/>.</summary>
    public async Task<Page> PostAsync(string path, Page formPage, bool withAntiforgery = true)
    {
        var fields = formPage.FormFields();
        if (!withAntiforgery)
        {
            fields.Remove("__RequestVerificationToken");
        }
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(path, content, TestContext.Current.CancellationToken);
        return new Page(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex("data-outcome=\"(\\w+)\"")]
    private static partial Regex OutcomeAttribute();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"([^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
