using System.Net;
using Dashboard.Features.Security;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Dashboard.Tests.Security;

/// <summary>Every answer (page, API, error) carries the browser protections; https behind a known proxy makes cookies Secure and adds HSTS.</summary>
public sealed class SecurityHeadersTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/api/v1/messages")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };

        using var response = await http.GetAsync(path, Token);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        // Plain http straight to the app: no HSTS (it would mean nothing), cookies not Secure.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task HttpsTerminatedAtAKnownProxy_AddsHsts_AndMakesCookiesSecure()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        // The test talks to the app over loopback, which ASP.NET Core trusts as a proxy by default.
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        // HSTS is never sent to localhost names; the public host comes from the proxy too.
        request.Headers.Add("X-Forwarded-Host", "dashboard.example");

        using var response = await http.SendAsync(request, Token);

        Assert.Contains("max-age=", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PlainHttp_CookiesAreNotSecure_SoALocalRunStillWorks()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = fixture.App.BaseAddress };

        using var response = await http.GetAsync("/Account/Login", Token);

        Assert.All(response.Headers.GetValues("Set-Cookie"), cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void ConfiguredProxiesAndNetworks_AreTrustedBesidesLoopback_AndNonsenseIsRefused()
    {
        var options = new ForwardedHeadersOptions();

        ForwardedHeadersSetup.Apply(options, ["10.0.0.5", " 2001:db8::1 "], ["10.1.0.0/16"]);

        Assert.True(options.KnownProxies.Contains(IPAddress.Loopback) || options.KnownIPNetworks.Any(n => n.Contains(IPAddress.Loopback)), "loopback stays trusted");
        Assert.Contains(IPAddress.Parse("10.0.0.5"), options.KnownProxies);
        Assert.Contains(IPAddress.Parse("2001:db8::1"), options.KnownProxies);
        Assert.Contains(options.KnownIPNetworks, n => n.Contains(IPAddress.Parse("10.1.2.3")));
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost, options.ForwardedHeaders);
        Assert.Throws<InvalidOperationException>(() => ForwardedHeadersSetup.Apply(new ForwardedHeadersOptions(), ["proxy.example"], []));
        Assert.Throws<InvalidOperationException>(() => ForwardedHeadersSetup.Apply(new ForwardedHeadersOptions(), [], ["10.0.0.0/99"]));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing on {response.RequestMessage?.RequestUri}");
}
