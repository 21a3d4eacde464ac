using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Deployment;

/// <summary>
/// One app node as a real, separate process (`dotnet Dashboard.dll` from the app's own build output, as a systemd
/// unit would start it), on its own loopback port, configured through environment variables like production.
/// Killing it ends its circuits and connections for real.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private NodeProcess(string name, int port, Process process, StreamWriter log, System.Collections.Concurrent.ConcurrentQueue<string> standardOutput)
    {
        this.standardOutput = standardOutput;
        Name = name;
        Port = port;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");
    public bool HasExited => process.HasExited;

    /// <summary>Every line the node wrote to standard output so far (its console log).</summary>
    public IReadOnlyCollection<string> StandardOutput => standardOutput;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> standardOutput;

    /// <summary>Starts a node; <c>environment</c> adds settings on top of the defaults below, as environment variables (<c>Logging__Json</c>).</summary>
    public static async Task<NodeProcess> StartAsync(
        string name, string connectionString, string publicBaseUrl, string logDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var appDirectory = AppBuildDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root (appsettings.json) is the project folder, as under `dotnet run`.
            WorkingDirectory = Path.GetFullPath(Path.Combine(appDirectory, "..", "..", "..")),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, "Dashboard.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Dashboard"] = $"{connectionString};Application Name=dashboard-{name}";
        start.Environment["Dashboard__PublicBaseUrl"] = publicBaseUrl;
        start.Environment["Dashboard__MigrateOnStartup"] = "false";
        start.Environment["Dashboard__SeedDemo"] = "false";
        start.Environment["Observability__Prometheus__Enabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, $"deployment-{name}.log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet");
        var standardOutput = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            Write(log, e.Data);
            if (e.Data is not null)
            {
                standardOutput.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(name, port, process, log, standardOutput);

        try
        {
            await WaitUntilReadyAsync(node, process, name);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    private static async Task WaitUntilReadyAsync(NodeProcess node, Process process, string name)
    {
        using var probe = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.ReadAsync(async () =>
        {
            Assert.False(process.HasExited, $"Node {name} exited with {(process.HasExited ? process.ExitCode : 0)}; see deployment-{name}.log");
            try
            {
                return (await probe.GetAsync("/readyz")).IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy to answer in time (two cores shared by the whole suite).
                return false;
            }
        }, ready => ready, $"node {name} to be ready", CancellationToken.None, TimeSpan.FromSeconds(120));
    }

    /// <summary>Kills the process outright, as a crash or a pulled plug would.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>src/Dashboard/bin/{Configuration}/{tfm}: the app as its own build made it (the test build builds it first).</summary>
    private static string AppBuildDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dashboard.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException($"Dashboard.sln not found above {testOutput.FullName}");
        }
        var directory = Path.Combine(root.FullName, "src", "Dashboard", "bin", configuration, framework);
        if (!File.Exists(Path.Combine(directory, "Dashboard.dll")))
        {
            throw new InvalidOperationException($"The app is not built at {directory}; build the solution first.");
        }
        return directory;
    }
}
