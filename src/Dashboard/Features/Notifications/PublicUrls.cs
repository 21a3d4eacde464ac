using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Features.Notifications;

/// <summary>
/// The address people and providers reach this app at, for links in e-mails and Twilio callbacks (whose
/// signatures are computed over it). `Dashboard:PublicBaseUrl` in production; otherwise the first address Kestrel
/// listens on, which is right for the local run and the tests.
/// </summary>
public sealed class PublicUrls(IConfiguration configuration, IServer server)
{
    public Uri BaseUrl
    {
        get
        {
            var configured = configuration["Dashboard:PublicBaseUrl"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return new Uri(configured.TrimEnd('/') + "/");
            }
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Dashboard:PublicBaseUrl is not set and the server is not listening yet.");
            return new Uri(listening.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        }
    }

    /// <summary>An absolute URL for a path of this app ("ack/abc" → "https://host/ack/abc").</summary>
    public Uri For(string relativePath) => new(BaseUrl, relativePath.TrimStart('/'));
}
