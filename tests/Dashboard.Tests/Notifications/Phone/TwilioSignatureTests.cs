using Dashboard.Features.Notifications.Phone;

namespace Dashboard.Tests.Notifications.Phone;

public sealed class TwilioSignatureTests
{
    // Twilio's documented example (webhook security page): auth token 12345, this URL and these fields.
    private const string AuthToken = "12345";
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string Signature = "GvWf1cFY/Q7PnoempGyD5oXAezc=";

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["To"] = "+18005551212",
        ["From"] = "+14158675310",
        ["Digits"] = "1234",
        ["CallSid"] = "CA1234567890ABCDE",
        ["Caller"] = "+14158675310",
    };

    [Fact]
    public void Compute_MatchesTwiliosDocumentedExample()
    {
        Assert.Equal(Signature, TwilioSignature.Compute(AuthToken, Url, Fields));
    }

    [Fact]
    public void Compute_MatchesTwiliosOlderDocumentedExample()
    {
        // The example of the older PHP helper's documentation: same URL and token, another caller number.
        var fields = new Dictionary<string, string>(Fields) { ["From"] = "+14158675309", ["Caller"] = "+14158675309" };
        Assert.Equal("RSOYDt4T1cUTdK1PDd93/VVr8B8=", TwilioSignature.Compute(AuthToken, Url, fields));
    }

    [Fact]
    public void IsValid_AcceptsTheGenuineSignature()
    {
        Assert.True(TwilioSignature.IsValid(AuthToken, Signature, Url, Fields));
    }

    [Fact]
    public void IsValid_RejectsATamperedField()
    {
        Assert.False(TwilioSignature.IsValid(AuthToken, Signature, Url, new Dictionary<string, string>(Fields) { ["Digits"] = "1" }));
    }

    [Fact]
    public void IsValid_RejectsAnotherUrl()
    {
        Assert.False(TwilioSignature.IsValid(AuthToken, Signature, Url.Replace("https:", "http:", StringComparison.Ordinal), Fields));
    }

    [Fact]
    public void IsValid_RejectsAnotherToken()
    {
        Assert.False(TwilioSignature.IsValid("54321", Signature, Url, Fields));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GvWf1cFY/Q7PnoempGyD5oXAezc")]
    public void IsValid_RejectsAMissingOrMangledSignature(string? signature)
    {
        Assert.False(TwilioSignature.IsValid(AuthToken, signature, Url, Fields));
    }

    [Fact]
    public void IsValid_RejectsEverythingWithoutAnAuthToken()
    {
        Assert.False(TwilioSignature.IsValid("", TwilioSignature.Compute("", Url, Fields), Url, Fields));
    }

    [Fact]
    public void Compute_SortsNamesOrdinally()
    {
        // Ordinal order puts upper case before lower case ("Z" < "a"), unlike a culture-aware sort.
        var fields = new Dictionary<string, string> { ["a"] = "1", ["Z"] = "2" };
        Assert.Equal(TwilioSignature.Compute(AuthToken, Url + "Z2a1", []), TwilioSignature.Compute(AuthToken, Url, fields));
    }
}
