using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Dashboard.Tests.Deployment;

/// <summary>
/// Debian's nginx as the deployment's reverse proxy, started by hand on a free loopback port with a configuration,
/// pid, logs and temp folders of its own in a temp directory (the system service is never used). The upstream block
/// is the one docs/deployment.md describes: consistent hashing on a per-browser route cookie, WebSockets passed through.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process process;
    private readonly DirectoryInfo prefix;

    private NginxProxy(Process process, DirectoryInfo prefix, int port)
    {
        this.process = process;
        this.prefix = prefix;
        Port = port;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public string ErrorLog => Path.Combine(prefix.FullName, "error.log");

    /// <summary>$DASHBOARD_TEST_NGINX, else Debian's /usr/sbin/nginx; null when neither exists.</summary>
    public static string? FindExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("DASHBOARD_TEST_NGINX");
        foreach (var candidate in new[] { configured, "/usr/sbin/nginx" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static async Task<NginxProxy> StartAsync(string executable, IEnumerable<int> upstreamPorts)
    {
        var prefix = Directory.CreateTempSubdirectory("dashboard-nginx-");
        foreach (var folder in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            Directory.CreateDirectory(Path.Combine(prefix.FullName, folder));
        }
        var port = NodeProcess.FreePort();
        var servers = string.Concat(upstreamPorts.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n")));
        // As root, nginx's workers would switch to "nobody" and could not use the temp folders; they stay the caller.
        var user = Environment.UserName == "root" ? "user root;\n" : "";
        var config = $$"""
            {{user}}worker_processes 1;
            pid {{prefix.FullName}}/nginx.pid;
            error_log {{prefix.FullName}}/error.log warn;
            events { worker_connections 512; }
            http {
                access_log {{prefix.FullName}}/access.log;
                client_body_temp_path {{prefix.FullName}}/client_body;
                proxy_temp_path {{prefix.FullName}}/proxy;
                fastcgi_temp_path {{prefix.FullName}}/fastcgi;
                uwsgi_temp_path {{prefix.FullName}}/uwsgi;
                scgi_temp_path {{prefix.FullName}}/scgi;

                # Sticky sessions: a browser keeps the route key nginx gave it on its first response.
                map $cookie_dashboard_route $dashboard_route {
                    ""      $request_id;
                    default $cookie_dashboard_route;
                }
                map $cookie_dashboard_route $dashboard_route_cookie {
                    ""      "dashboard_route=$request_id; Path=/; HttpOnly; SameSite=Lax";
                    default "";
                }
                map $http_upgrade $connection_upgrade {
                    default upgrade;
                    ""      "";
                }
                upstream dashboard {
                    hash $dashboard_route consistent;
            {{servers}}        keepalive 16;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location = /metrics { return 404; }
                    location / {
                        proxy_pass http://dashboard;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $http_host;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 1h;
                        proxy_send_timeout 1h;
                        proxy_next_upstream error timeout http_502 http_503;
                        add_header Set-Cookie $dashboard_route_cookie always;
                    }
                }
            }
            """;
        var configPath = Path.Combine(prefix.FullName, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);

        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", prefix.FullName + "/", "-c", configPath, "-e", Path.Combine(prefix.FullName, "error.log"), "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx");
        var proxy = new NginxProxy(process, prefix, port);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                var stderr = await process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {stderr} {await ReadIfExistsAsync(proxy.ErrorLog)}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        process.Dispose();
        try
        {
            prefix.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> ReadIfExistsAsync(string path) => File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
}
