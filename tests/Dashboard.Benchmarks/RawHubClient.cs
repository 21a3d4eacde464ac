using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Dashboard.Benchmarks;

/// <summary>
/// A subscriber of the public hub that speaks SignalR's JSON protocol over a bare WebSocket and reads only the id of
/// each messageCreated. The .NET HubConnection deserializes every message and dispatches it to a handler: 5,000 of them
/// in the benchmark's process spent most of the two cores (decision in docs/benchmarks.md, section 2), so the
/// server was measured starved by its own clients. Real subscribers run on their own machines.
/// </summary>
internal sealed class RawHubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] Target = Encoding.UTF8.GetBytes("\"target\":\"messageCreated\"");

    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private Task? receiving;
    private Task? pinging;

    /// <summary>Connects with the API key as a Bearer token and completes the handshake; <paramref name="created"/> gets each message's id.</summary>
    public async Task StartAsync(Uri hubUrl, string apiKey, Action<Guid> created, CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        socket.Options.SetRequestHeader("Authorization", $"Bearer {apiKey}");
        await socket.ConnectAsync(builder.Uri, cancellationToken);
        await socket.SendAsync(Handshake, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        receiving = ReceiveAsync(created, stop.Token);
        // The server drops a client it has not heard from in 30 s.
        pinging = PingAsync(stop.Token);
    }

    private async Task ReceiveAsync(Action<Guid> created, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                buffer.Advance(result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }
                foreach (var frame in Frames(buffer.WrittenMemory))
                {
                    if (frame.Span.IndexOf(Target) >= 0 && IdOf(frame.Span) is { } id)
                    {
                        created(id);
                    }
                }
                buffer.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Frames(ReadOnlyMemory<byte> data)
    {
        while (data.Span.IndexOf(RecordSeparator) is var end and >= 0)
        {
            yield return data[..end];
            data = data[(end + 1)..];
        }
    }

    /// <summary>The "id" of the first argument: {"type":1,"target":"messageCreated","arguments":[{"id":"...",...}]}.</summary>
    private static Guid? IdOf(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        while (reader.Read())
        {
            // Depth 3: the top object, the arguments array, the first argument's object; its own "id" property.
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 3 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                return reader.GetGuid();
            }
        }
        return null;
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await socket.SendAsync(Ping, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
        }
        await Task.WhenAll(new[] { receiving, pinging }.OfType<Task>());
        socket.Dispose();
        stop.Dispose();
    }
}
