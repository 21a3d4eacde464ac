using System.Net;
using System.Net.Sockets;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the shared PostgreSQL, so a test can take "the database" away from one app
/// (stop: connections cut, new ones refused) and give it back, without touching the server others use.
/// </summary>
public sealed class TcpForwarder(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? stopping;
    private Task? accepting;

    public int Port { get; private set; }

    public void Start()
    {
        var started = new TcpListener(IPAddress.Loopback, Port);
        started.Start();
        Port = ((IPEndPoint)started.LocalEndpoint).Port;
        listener = started;
        stopping = new CancellationTokenSource();
        accepting = AcceptAsync(started, stopping.Token);
    }

    public async Task StopAsync()
    {
        if (listener is null)
        {
            return;
        }
        await stopping!.CancelAsync();
        listener.Stop();
        lock (gate)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }
            open.Clear();
        }
        await accepting!;
        listener = null;
        stopping.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await server.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(incoming, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient incoming, CancellationToken cancellationToken)
    {
        var outgoing = new TcpClient();
        lock (gate)
        {
            open.Add(incoming);
            open.Add(outgoing);
        }
        try
        {
            await outgoing.ConnectAsync(targetHost, targetPort, cancellationToken);
            var a = incoming.GetStream();
            var b = outgoing.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Cut on purpose, or the other side went away.
        }
        finally
        {
            incoming.Dispose();
            outgoing.Dispose();
        }
    }
}
