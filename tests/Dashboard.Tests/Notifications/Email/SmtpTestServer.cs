using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a fixed loopback port, so it can be
/// stopped and started again to play "mail server down". Keeps every message it accepted. Recipients named
/// <c>busy@…</c> are deferred (450) and <c>nobody@…</c> rejected (550) at RCPT, before any content is sent;
/// <c>spam@…</c> is rejected (554) at the end of DATA, and <see cref="DeferNextMessages"/> makes the end of DATA
/// answer 451 ("try again later") for the next few messages whose subject carries a marker (so a straggler of an
/// earlier test's escalation cannot take the deferral meant for this test's message).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly List<MimeMessage> received = [];
    private TaskCompletionSource arrived = NewSignal();
    private SmtpServer.SmtpServer? server;
    private int deferredMessages;
    private string deferredSubject = "";
    private Task? running;

    public int Port { get; } = FreePort();

    public IReadOnlyList<MimeMessage> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).SessionTimeout(TimeSpan.FromSeconds(30))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CollectingStore(this));
        services.Add(new RecipientRules());
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(CancellationToken.None);
        await WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        if (server is null)
        {
            return;
        }
        server.Shutdown();
        await server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(30));
        await running!.WaitAsync(TimeSpan.FromSeconds(30));
        server = null;
    }

    /// <summary>The first message accepted (earlier or later) that matches, within <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (received.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
                signal = arrived.Task;
            }
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(signal, Task.Delay(left)) != signal)
            {
                throw new TimeoutException($"No matching e-mail arrived; {Received.Count} received: {string.Join(" | ", Received.Select(m => $"{m.To} {m.Subject}"))}");
            }
        }
    }

    /// <summary>The next <paramref name="count"/> messages whose subject contains <paramref name="subjectMarker"/> get 451 after their content (greylisting, a full queue).</summary>
    public void DeferNextMessages(int count, string subjectMarker)
    {
        Volatile.Write(ref deferredSubject, subjectMarker);
        Interlocked.Exchange(ref deferredMessages, count);
    }

    private bool TakeDeferral(MimeMessage message)
    {
        if (message.Subject?.Contains(Volatile.Read(ref deferredSubject), StringComparison.Ordinal) != true)
        {
            return false;
        }
        while (true)
        {
            var left = Volatile.Read(ref deferredMessages);
            if (left <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref deferredMessages, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    /// <summary>Every message to this address, in arrival order.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Add(MimeMessage message)
    {
        lock (gate)
        {
            received.Add(message);
            arrived.TrySetResult();
            arrived = NewSignal();
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecipientRules : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) => to.User switch
        {
            "busy" => throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)450, "Mailbox busy, try again later")),
            "nobody" => throw new SmtpResponseException(SmtpResponse.MailboxUnavailable),
            _ => Task.FromResult(true),
        };
    }

    private sealed class CollectingStore(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (transaction.To.Any(m => m.User == "spam"))
            {
                return new SmtpResponse((SmtpReplyCode)554, "Message refused");
            }
            await using var stream = new MemoryStream();
            foreach (var segment in buffer)
            {
                await stream.WriteAsync(segment, cancellationToken);
            }
            stream.Position = 0;
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (owner.TakeDeferral(message))
            {
                return new SmtpResponse((SmtpReplyCode)451, "Local error in processing, try again later");
            }
            owner.Add(message);
            return SmtpResponse.Ok;
        }
    }
}
