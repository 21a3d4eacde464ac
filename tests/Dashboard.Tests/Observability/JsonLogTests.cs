using System.Text.Json;
using Dashboard.Tests.Deployment;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;

namespace Dashboard.Tests.Observability;

/// <summary>A node as its own process with <c>Logging:Json=true</c>, its console read line by line as a log shipper would.</summary>
public sealed class JsonLogNodeFixture : AppFixture
{
    public NodeProcess Node { get; private set; } = default!;

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["Escalation:RunJobs"] = "false";
        return ValueTask.CompletedTask;
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var logs = Path.Combine(Environment.GetEnvironmentVariable("DASHBOARD_TEST_ARTIFACTS") is { Length: > 0 } a ? a : Path.GetTempPath(), "json-logs");
        Node = await NodeProcess.StartAsync("json-logs", ConnectionString, "http://127.0.0.1:1", logs, new Dictionary<string, string>
        {
            ["Logging__Json"] = "true",
            // Chattier than production's default, so request lines (method, path, status) are in the output too.
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        await base.DisposeAsync();
    }
}

/// <summary>Structured logs are one JSON object a line with the fields a shipper indexes, and never carry a secret.</summary>
public sealed class JsonLogTests(JsonLogNodeFixture fixture) : IClassFixture<JsonLogNodeFixture>
{
    private const string WrongKey = "dsk_test_wrong_key_that_must_not_be_logged";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryLine_IsOneJsonObjectWithTheExpectedFields_AndNoKeyPasswordOrAuthorizationHeader()
    {
        var node = fixture.Node.BaseAddress;
        using (var wrong = new HttpClient { BaseAddress = node })
        {
            wrong.DefaultRequestHeaders.Authorization = new("Bearer", WrongKey);
            using var refused = await wrong.GetAsync(new Uri("/api/v1/messages", UriKind.Relative), Token);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var operatorCentre = new HttpClient { BaseAddress = node })
        {
            operatorCentre.DefaultRequestHeaders.Authorization = new("Bearer", TestWorld.OperatorKey);
            await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "ログ確認", "Normal");
        }
        using (await SignedInClient.CreateAsync(node, TestWorld.StaffA1, TestWorld.Password))
        {
        }

        // The console logger writes from its own queue: wait for the last request's line.
        var lines = await Eventually.ReadAsync(
            () => Task.FromResult(fixture.Node.StandardOutput.ToArray()),
            l => l.Any(x => x.Contains("\"Category\":\"Microsoft.AspNetCore.Hosting.Diagnostics\"", StringComparison.Ordinal)
                && x.Contains("/Account/Login", StringComparison.Ordinal) && x.Contains("POST", StringComparison.Ordinal)
                && x.Contains("Request finished", StringComparison.Ordinal)),
            "the sign-in request's log line", Token);

        Assert.NotEmpty(lines);
        var entries = lines.Where(l => l.Length > 0).Select(Parse).ToList();
        Assert.All(entries, e =>
        {
            Assert.True(e.TryGetProperty("Timestamp", out var stamp) && stamp.GetString()!.EndsWith('Z'), $"UTC Timestamp in {e}");
            Assert.True(e.TryGetProperty("LogLevel", out _), $"LogLevel in {e}");
            Assert.True(e.TryGetProperty("Category", out _), $"Category in {e}");
            Assert.True(e.TryGetProperty("Message", out _), $"Message in {e}");
            Assert.True(e.TryGetProperty("EventId", out _), $"EventId in {e}");
        });
        // A request's lines carry its trace id in their scopes, so logs join the traces.
        var postLine = entries.First(e => e.GetProperty("Message").GetString()!.Contains("POST", StringComparison.Ordinal)
            && e.GetProperty("Message").GetString()!.Contains("/api/v1/messages", StringComparison.Ordinal));
        Assert.Contains(postLine.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));

        var all = string.Join('\n', lines);
        Assert.DoesNotContain(WrongKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(TestWorld.OperatorKey, all, StringComparison.Ordinal);
        Assert.DoesNotContain(TestWorld.Password, all, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", all, StringComparison.OrdinalIgnoreCase);
        // As a header name (a JSON key or "Name: value"); the category Microsoft.AspNetCore.Authorization is fine.
        Assert.DoesNotContain("\"Authorization\"", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization:", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(".AspNetCore.Identity", all, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            Assert.Fail($"Not one JSON object: {line} ({ex.Message})");
            throw;
        }
    }
}
