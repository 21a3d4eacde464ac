using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Observability;

/// <summary>Observability:Prometheus:*: the scrape endpoint is off unless enabled, and then not public.</summary>
public sealed class PrometheusAccessOptions
{
    public const string Section = "Observability:Prometheus";
    public const string Path = "/metrics";

    public bool Enabled { get; set; }

    /// <summary>When set, a scrape must send <c>Authorization: Bearer &lt;token&gt;</c>, from any network.</summary>
    public string? Token { get; set; }

    /// <summary>Without a token, who may scrape besides loopback: CIDR networks such as <c>10.0.0.0/8</c>.</summary>
    public IList<string> AllowedNetworks { get; } = [];
}

/// <summary>
/// Who may read /metrics: with a token configured, only a request that carries it; otherwise only loopback and the
/// configured networks. The address is the client's as ASP.NET Core sees it, after trusted forwarded headers,
/// so a scrape relayed by the public proxy for an outside client is refused. Refusals answer 404: nothing to find.
/// </summary>
public static class PrometheusAccess
{
    public static ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<PrometheusAccessOptions>>().Value;
        return IsAllowed(http, options) ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
    }

    public static bool IsAllowed(HttpContext http, PrometheusAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.Token))
        {
            var header = http.Request.Headers.Authorization.ToString();
            const string prefix = "Bearer ";
            if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            return CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(options.Token)));
        }
        if (http.Connection.RemoteIpAddress is not { } remote)
        {
            return false;
        }
        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }
        return IPAddress.IsLoopback(remote)
            || options.AllowedNetworks.Any(n => IPNetwork.TryParse(n, out var network) && network.Contains(remote));
    }
}
