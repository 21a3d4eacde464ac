using System.Diagnostics;
using System.Text.Json.Serialization;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.LiveFeed;

/// <summary>
/// A non-browser client of the public hub (/hubs/messages) that records every push it hears, and lets a test
/// wait for a condition on them with a deadline (never a fixed sleep).
/// </summary>
internal sealed class FeedHubClient : IAsyncDisposable
{
    /// <summary>Pushes take well under a second; the margin is for a busy 2-core machine running classes in parallel.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lock gate = new();
    private readonly List<Push> pushes = [];
    private TaskCompletionSource arrival = NewArrival();
    private int resyncs;

    private FeedHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<MessageDto>(MessagesHub.CreatedEvent, m => Record(new Push(MessagesHub.CreatedEvent, m)));
        connection.On<MessageDto>(MessagesHub.UpdatedEvent, m => Record(new Push(MessagesHub.UpdatedEvent, m)));
        connection.On(MessagesHub.ResyncEvent, () =>
        {
            TaskCompletionSource arrived;
            lock (gate)
            {
                resyncs++;
                arrived = arrival;
                arrival = NewArrival();
            }
            arrived.TrySetResult();
        });
    }

    public sealed record Push(string Event, MessageDto Message);

    public HubConnection Connection { get; }

    /// <summary>Called for every push, before waiters are woken; a test merges pushes into a feed here.</summary>
    public Action<Push>? OnPush { get; set; }

    public IReadOnlyList<Push> Pushes
    {
        get
        {
            lock (gate)
            {
                return [.. pushes];
            }
        }
    }

    public int ResyncCount
    {
        get
        {
            lock (gate)
            {
                return resyncs;
            }
        }
    }

    /// <summary>Builds a client: an API key goes in the access_token query parameter, a sign-in cookie in the Cookie header.</summary>
    public static FeedHubClient Create(Uri baseAddress, string? apiKey = null, string? cookieHeader = null)
    {
        var path = apiKey is null ? MessagesHub.Path : $"{MessagesHub.Path}?access_token={Uri.EscapeDataString(apiKey)}";
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, path), options =>
            {
                if (cookieHeader is not null)
                {
                    options.Headers["Cookie"] = cookieHeader;
                }
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        return new FeedHubClient(connection);
    }

    public static async Task<FeedHubClient> ConnectAsync(Uri baseAddress, string? apiKey = null, string? cookieHeader = null)
    {
        var client = Create(baseAddress, apiKey, cookieHeader);
        try
        {
            await client.StartAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Connects and returns once the server has put this connection in its feed group. The server answers the
    /// handshake before the hub's OnConnectedAsync joins the group, but dispatches invocations only after it:
    /// the answer to an invocation (here an error, the hub has no methods) proves the join is done.
    /// </summary>
    public async Task StartAsync()
    {
        await Connection.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await Connection.InvokeAsync("Ready", TestContext.Current.CancellationToken);
        }
        catch (HubException)
        {
            // Expected: "Method does not exist". Its arrival is the barrier.
        }
    }

    public Task StopAsync() => Connection.StopAsync(TestContext.Current.CancellationToken);

    public IEnumerable<Guid> IdsOf(string eventName) => Pushes.Where(p => p.Event == eventName).Select(p => p.Message.Id);

    public async Task<MessageDto> WaitForAsync(string eventName, Guid messageId, Func<MessageDto, bool>? matches = null)
    {
        Push? found = null;
        await WaitUntilAsync(() =>
        {
            found = Pushes.LastOrDefault(p => p.Event == eventName && p.Message.Id == messageId && (matches is null || matches(p.Message)));
            return found is not null;
        }, $"{eventName} for {messageId}");
        return found!.Message;
    }

    public Task WaitForResyncAsync() => WaitUntilAsync(() => ResyncCount > 0, MessagesHub.ResyncEvent);

    /// <summary>Waits until the condition holds, re-checking after every arrival, or fails after <see cref="Timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task next;
            lock (gate)
            {
                next = arrival.Task;
            }
            // Taken before the check: an arrival between the check and the wait completes this task, so none is missed.
            if (condition())
            {
                return;
            }
            var left = Timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {what} within {Timeout.TotalSeconds:0} s; heard: {Describe()}");
            }
            try
            {
                await next.WaitAsync(left, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                // Loops once more and fails with the description above unless the condition now holds.
            }
        }
    }

    private string Describe() =>
        string.Join(", ", Pushes.Select(p => $"{p.Event}:{p.Message.Tenant}:{p.Message.Subject}")) + $" (resyncs: {ResyncCount})";

    private void Record(Push push)
    {
        OnPush?.Invoke(push);
        TaskCompletionSource arrived;
        lock (gate)
        {
            pushes.Add(push);
            arrived = arrival;
            arrival = NewArrival();
        }
        arrived.TrySetResult();
    }

    private static TaskCompletionSource NewArrival() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
