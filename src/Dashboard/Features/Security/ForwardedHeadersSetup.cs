using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Dashboard.Features.Security;

/// <summary>
/// X-Forwarded-For/-Proto/-Host are believed only from the proxies named in `ForwardedHeaders:KnownProxies` (IP
/// addresses) and `ForwardedHeaders:KnownNetworks` (CIDR), besides loopback (ASP.NET Core's default). Then the
/// client IP (rate limits), https (Secure cookies, HSTS) and the public host (Twilio signatures) are the real ones.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IHostApplicationBuilder AddForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options => Apply(options, proxies, networks));
        return builder;
    }

    public static void Apply(ForwardedHeadersOptions options, IEnumerable<string> proxies, IEnumerable<string> networks)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        foreach (var proxy in proxies.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
        }
        foreach (var network in networks.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a CIDR network (10.0.0.0/8)."));
        }
    }
}
