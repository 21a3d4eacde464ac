using System.Globalization;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dashboard.Features.Escalation;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Deployment;

/// <summary>
/// The deployment of docs/deployment.md on real parts: two app processes on one database behind Debian's nginx.
/// The in-process host only seeds the data and runs neither jobs nor traffic; the nodes are separate processes.
/// </summary>
public sealed class TwoNodeDeploymentFixture : AppFixture
{
    public NodeProcess? NodeA { get; private set; }
    public NodeProcess? NodeB { get; private set; }
    public NginxProxy? Proxy { get; private set; }
    public string? NginxMissing { get; private set; }
    public string LogDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("DASHBOARD_TEST_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : Path.GetTempPath(), "deployment");

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.Settings["Escalation:RunJobs"] = "false";
        return ValueTask.CompletedTask;
    }

    public override async ValueTask InitializeAsync()
    {
        if (NginxProxy.FindExecutable() is not { } nginx)
        {
            NginxMissing = "nginx not found (/usr/sbin/nginx or $DASHBOARD_TEST_NGINX): ./dashboard.sh test installs it (apt-get install nginx)";
            return;
        }
        await base.InitializeAsync();
        await TestPolicies.AddLeadThenDeputyAsync(ConnectionString, World.TenantA.Id, firstStepMinutes: 0, secondStepMinutes: 1);
        // The proxy's port goes into each node's public URL, so it is chosen first; nginx starts once both nodes are ready.
        var proxyPort = NodeProcess.FreePort();
        var publicUrl = $"http://127.0.0.1:{proxyPort}";
        try
        {
            // One node after the other, as docs/deployment.md says: the first one up has the shared data-protection key.
            NodeA = await NodeProcess.StartAsync("node-a", ConnectionString, publicUrl, LogDirectory);
            NodeB = await NodeProcess.StartAsync("node-b", ConnectionString, publicUrl, LogDirectory);
            Proxy = await NginxProxy.StartAsync(nginx, [NodeA.Port, NodeB.Port]);
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: no node process may outlive the run.
            await DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
            Proxy = null;
        }
        if (NodeA is not null)
        {
            await NodeA.DisposeAsync();
            NodeA = null;
        }
        if (NodeB is not null)
        {
            await NodeB.DisposeAsync();
            NodeB = null;
        }
        if (NginxMissing is null && !baseDisposed)
        {
            baseDisposed = true;
            await base.DisposeAsync();
        }
    }

    private bool baseDisposed;
}

/// <summary>
/// Stopping the node that holds a browser's circuit loses nothing: the browser comes back through nginx on the other
/// node and shows every message, including one posted while it was away, and escalation carries on there.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed partial class TwoNodeDeploymentTests(TwoNodeDeploymentFixture fixture, BrowserFixture browser) : IClassFixture<TwoNodeDeploymentFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    private void Progress(string step) => TestContext.Current.TestOutputHelper?.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s  {step}");

    [Fact]
    public async Task BrowserBehindNginx_MovesToTheSurvivingNode_WhenItsNodeDies_AndMissesNothing_WhileEscalationCarriesOn()
    {
        if (fixture.NginxMissing is { } missing)
        {
            Assert.Skip(missing);
        }
        var proxy = fixture.Proxy!;
        using var api = new HttpClient { BaseAddress = proxy.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestWorld.OperatorKey);

        // A staff member signs in through nginx and watches the feed.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = proxy.BaseAddress.ToString(), Locale = "ja-JP", TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(BrowserFixture.Timeout);
        var page = await context.NewPageAsync();
        try
        {
            await page.SignInAsync(TestWorld.StaffA1, "/feed");
            var before = await PostAsync(api, "切断前の伝言", "Normal");
            Progress("signed in");
            await Expect(page.MessageCard(before)).ToBeVisibleAsync();

            // An urgent message escalates: its first step (the lead, phone and e-mail) goes out at once.
            var urgent = await PostAsync(api, "至急の伝言", "Urgent");
            var urgentId = await MessageIdAsync(urgent);
            Progress("urgent posted");
            await EventuallyAsync(async () => (await AttemptsAsync(urgentId)).Count(a => a.Status == AttemptStatus.Sent) == 2, "the first step to be sent");
            await Expect(page.MessageCard(urgent)).ToBeVisibleAsync();

            // The circuit lives on exactly one node: the one whose metrics count a connected circuit.
            var holder = (await EventuallyAsync(FindCircuitHolderAsync, node => node is not null, "one node to hold the circuit"))!;
            var survivor = holder == fixture.NodeA ? fixture.NodeB! : fixture.NodeA!;
            TestContext.Current.TestOutputHelper?.WriteLine($"The circuit was on {holder.Name}; killing it, {survivor.Name} survives");
            await holder.KillAsync();
            Progress("killed");

            // While the browser is away, a message is posted (nginx sends it to the survivor) and the urgent
            // message's second step comes due: the survivor's sweep and Hangfire server must carry on alone.
            var during = await PostAsync(api, "停止中の伝言", "Normal");
            await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
            {
                await db.MessageEscalations.Where(e => e.MessageId == urgentId)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow), Token);
            }

            // The browser comes back on the survivor (Blazor's reconnect finds no circuit there and reloads the
            // page through nginx) and shows what was posted while it was away.
            await Expect(page.MessageCard(during)).ToBeVisibleAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
            await page.WaitForInteractiveAsync();
            Progress("back, interactive");
            await EventuallyAsync(async () => await ConnectedCircuitsAsync(survivor) >= 1, "the survivor to hold the browser's circuit");

            // Live again: a message posted now is pushed to the new circuit without a reload.
            var after = await PostAsync(api, "復旧後の伝言", "Normal");
            Progress("on survivor");
            await Expect(page.MessageCard(after)).ToBeVisibleAsync();
            foreach (var subject in new[] { before, urgent, during })
            {
                await Expect(page.MessageCard(subject)).ToHaveCountAsync(1);
            }
            await Expect(page.GetByTestId("message-card")).ToHaveCountAsync(4);

            // Escalation carried on: the deputy's call, the second step, was sent by the only node left.
            var deputy = await EventuallyAsync(
                async () => (await AttemptsAsync(urgentId)).SingleOrDefault(a => a.Address == TestPolicies.DeputyPhone && a.Status == AttemptStatus.Sent),
                attempt => attempt is not null, "the second step from the surviving node");
            Assert.NotNull(deputy);
            Progress("deputy sent");
            Assert.False(survivor.HasExited);
            Assert.Single(await AttemptsAsync(urgentId), a => a.Address == TestPolicies.DeputyPhone);
        }
        catch (Exception) when (!page.IsClosed)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(browser.ArtifactsDirectory, "failed-two-node-deployment.png"), FullPage = true });
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static async Task<string> PostAsync(HttpClient api, string label, string urgency)
    {
        var subject = $"{label} {Guid.NewGuid().ToString("N")[..6]}";
        using var response = await api.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = Messages.TestMessages.TenantA, callerName = "山田 花子", callbackNumber = "03-1234-5678",
            forWhom = "院長", subject, body = "折り返しお願いします", urgency,
        }, Token);
        Assert.True(response.IsSuccessStatusCode, $"POST through nginx answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Token)}");
        return subject;
    }

    private async Task<Guid> MessageIdAsync(string subject)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return (await db.Messages.AsNoTracking().SingleAsync(m => m.Subject == subject, Token)).Id;
    }

    private async Task<List<NotificationAttempt>> AttemptsAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().Where(a => a.MessageId == messageId).ToListAsync(Token);
    }

    private async Task<NodeProcess?> FindCircuitHolderAsync()
    {
        var a = await ConnectedCircuitsAsync(fixture.NodeA!);
        var b = await ConnectedCircuitsAsync(fixture.NodeB!);
        return (a, b) switch
        {
            (1, 0) => fixture.NodeA,
            (0, 1) => fixture.NodeB,
            _ => null,
        };
    }

    /// <summary>Read from the node's own /metrics, straight from loopback (nginx refuses /metrics).</summary>
    private static async Task<long> ConnectedCircuitsAsync(NodeProcess node)
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var text = await client.GetStringAsync("/metrics", Token);
        return ConnectedCircuitsLine().Matches(text).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^dashboard_circuits_connected(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex ConnectedCircuitsLine();

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        Eventually.ReadAsync(read, done, what, Token, Patience);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what) =>
        await Eventually.ReadAsync(condition, ok => ok, what, Token, Patience);
}
