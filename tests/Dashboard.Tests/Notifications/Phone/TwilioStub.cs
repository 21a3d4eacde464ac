using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Notifications.Phone;

/// <summary>
/// A stand-in for Twilio's REST API on a loopback port: it records every create-call request and answers
/// with whatever it was told (201 with a call SID by default, or 503, 400, 500, a slow answer), or stops
/// listening altogether to be unreachable, and comes back on the same port.
/// </summary>
public sealed class TwilioStub : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "stub-auth-token-0123456789";
    public const string FromNumber = "+815012345678";

    private readonly ConcurrentQueue<StubReply> replies = new();
    private readonly ConcurrentQueue<CallRequest> requests = new();
    private WebApplication? app;
    private int sidCounter;

    public int Port { get; private set; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>Every create-call request received, in order (including those answered with an error).</summary>
    public IReadOnlyList<CallRequest> Requests => [.. requests];

    public static async Task<TwilioStub> StartAsync()
    {
        var stub = new TwilioStub();
        await stub.ListenAsync(0);
        return stub;
    }

    /// <summary>The next requests get these replies, in order; after them, 201 again.</summary>
    public void ReplyNext(params StubReply[] next)
    {
        foreach (var reply in next)
        {
            replies.Enqueue(reply);
        }
    }

    public void Reset()
    {
        replies.Clear();
        requests.Clear();
    }

    /// <summary>Stops listening: connecting to the port is refused until <see cref="ComeBackAsync"/>.</summary>
    public async Task BecomeUnreachableAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }

    public Task ComeBackAsync() => ListenAsync(Port);

    /// <summary>For a test's clean-up: listening again if it left the stub unreachable.</summary>
    public Task ComeBackIfGoneAsync() => app is null ? ComeBackAsync() : Task.CompletedTask;

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        app = builder.Build();
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Calls.json", CreateCallAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    private async Task CreateCallAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        requests.Enqueue(new CallRequest(
            context.Request.Path.Value!,
            context.Request.Headers.Authorization.ToString(),
            [.. form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))]));
        var reply = replies.TryDequeue(out var next) ? next : StubReply.Created;
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, context.RequestAborted);
        }
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        var body = reply.Status == StatusCodes.Status201Created
            ? $$"""{"sid": "CA{{Interlocked.Increment(ref sidCounter):D32}}", "status": "queued"}"""
            : reply.Body;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await BecomeUnreachableAsync();
}

/// <summary>One create-call request as the stub received it.</summary>
public sealed record CallRequest(string Path, string Authorization, IReadOnlyList<KeyValuePair<string, string>> Form)
{
    public string? this[string name] => Form.FirstOrDefault(f => f.Key == name).Value;

    public IEnumerable<string> All(string name) => Form.Where(f => f.Key == name).Select(f => f.Value);
}

public sealed record StubReply(int Status, string Body = "", TimeSpan Delay = default)
{
    public static readonly StubReply Created = new(StatusCodes.Status201Created);
    public static readonly StubReply Unavailable = new(StatusCodes.Status503ServiceUnavailable, """{"code": 20503, "message": "Service unavailable", "status": 503}""");
    public static readonly StubReply TooManyRequests = new(StatusCodes.Status429TooManyRequests, """{"code": 20429, "message": "Too Many Requests", "status": 429}""");
    public static readonly StubReply InvalidNumber = new(StatusCodes.Status400BadRequest,
        """{"code": 21211, "message": "The 'To' number +819011112222 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""");
    public static readonly StubReply ServerError = new(StatusCodes.Status500InternalServerError, """{"code": 20500, "message": "Internal Server Error", "status": 500}""");

    public static StubReply Slow(TimeSpan delay) => Created with { Delay = delay };
}
