using System.Diagnostics;
using System.Runtime;
using Dashboard.Features.Accounts;
using Dashboard.Features.Demo;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Dashboard.Benchmarks;

/// <summary>
/// Server memory per real open <c>/feed</c> circuit: one tenant with 10,000 open Normal messages (and some history),
/// one staff user signed in from headless Chromium, then more and more tabs of one browser context on <c>/feed</c>;
/// after each step, forced full compacting GCs in this process (the app runs here) and the managed heap and RSS.
/// </summary>
internal sealed class CircuitsBenchmark(BenchHost host, Options options)
{
    public const string StaffEmail = "staff@bench-clinic.example";
    public const string Password = "Bench-Pass-2026!";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    public sealed record Point(int Tabs, long ManagedHeap, long GcHeapSize, long Rss, string LoadAverage, TimeSpan OpenTook);

    public sealed record Result(IReadOnlyList<Point> Points, long PlaywrightBytesPerPage)
    {
        /// <summary>Least-squares slope of the managed heap over the points with at least one tab (the first tab pays one-time costs).</summary>
        public double HeapPerCircuit => Slope(Points.Where(p => p.Tabs >= 1).Select(p => (p.Tabs, (double)p.ManagedHeap)));

        public double RssPerCircuit => Slope(Points.Where(p => p.Tabs >= 1).Select(p => (p.Tabs, (double)p.Rss)));

        private static double Slope(IEnumerable<(int X, double Y)> points)
        {
            var list = points.ToList();
            if (list.Count < 2)
            {
                return double.NaN;
            }
            var mx = list.Average(p => p.X);
            var my = list.Average(p => p.Y);
            return list.Sum(p => (p.X - mx) * (p.Y - my)) / list.Sum(p => (p.X - mx) * (p.X - mx));
        }
    }

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        // VolumeSeeder leaves the newest `open` messages open except the urgent ones (i % 20 == 0 or i % 50 == 0, one in
        // a thousand of which stays open): ask for just enough that `CircuitsOpen` Normal ones are open.
        var open = options.CircuitsOpen;
        while (open - (open / 20) - (open / 50) + (open / 100) < options.CircuitsOpen)
        {
            open++;
        }
        var scale = new VolumeSeeder.Scale(options.CircuitsHistoryDays, Math.Max(1, (open + options.CircuitsHistory) / options.CircuitsHistoryDays), 0, 0, open);
        var took = await VolumeSeeder.SeedAsync(host.ConnectionString, host.TenantId, scale, _ => { }, cancellationToken);
        string counts;
        await using (var connection = new NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FILTER (WHERE "Status" = 0 AND "Urgency" = 0) || ' open Normal, '
                    || count(*) FILTER (WHERE "Status" = 0 AND "Urgency" <> 0) || ' open urgent, ' || count(*) || ' messages in all'
                FROM "Messages"
                """, connection);
            counts = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        Console.WriteLine($"   seeded {counts} for {BenchHost.TenantSlug} in {took.TotalSeconds:0.0} s");
        await AddStaffAsync();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = options.Chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });

        var points = new List<Point> { Measure(0, TimeSpan.Zero) };
        Print(points[^1]);

        // What the Playwright client itself keeps in this process per page (it shares the heap with the app).
        long playwrightPerPage;
        await using (var blank = await browser.NewContextAsync())
        {
            const int blankPages = 20;
            for (var i = 0; i < blankPages; i++)
            {
                var page = await blank.NewPageAsync();
                await page.GotoAsync("about:blank");
            }
            var withBlank = Measure(0, TimeSpan.Zero);
            playwrightPerPage = (withBlank.ManagedHeap - points[0].ManagedHeap) / blankPages;
            Console.WriteLine($"   Playwright client, {blankPages} blank pages: {playwrightPerPage / 1024.0:0.0} KiB managed heap per page (included in the figures below)");
        }

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        context.SetDefaultTimeout(120_000);
        var first = await context.NewPageAsync();
        var watch = Stopwatch.StartNew();
        await first.GotoAsync($"/Account/Login?returnUrl={Uri.EscapeDataString(options.CircuitsPath)}");
        await first.Locator("#email").FillAsync(StaffEmail);
        await first.Locator("#password").FillAsync(Password);
        await first.GetByTestId("login-submit").ClickAsync();
        await first.WaitForURLAsync(url => new Uri(url).AbsolutePath.Equals(options.CircuitsPath, StringComparison.OrdinalIgnoreCase));
        await WaitForPageAsync(first);
        var tabs = 1;
        points.Add(Measure(tabs, watch.Elapsed));
        Print(points[^1]);
        var cards = await first.GetByTestId("message-card").CountAsync();
        var elements = await first.EvaluateAsync<int>("document.getElementsByTagName('*').length");
        Console.WriteLine($"   one tab's page: {cards} message cards rendered, {elements} DOM elements");

        foreach (var target in options.Circuits.Where(n => n > 1).Order())
        {
            watch.Restart();
            while (tabs < target && !cancellationToken.IsCancellationRequested)
            {
                if (AvailableMemoryGiB() < options.CircuitsMinFreeGiB)
                {
                    Console.WriteLine($"   stopped at {tabs} tabs: less than {options.CircuitsMinFreeGiB} GiB of memory available");
                    return new Result(points, playwrightPerPage);
                }
                var page = await context.NewPageAsync();
                await page.GotoAsync(options.CircuitsPath);
                await WaitForPageAsync(page);
                tabs++;
            }
            points.Add(Measure(tabs, watch.Elapsed));
            Print(points[^1]);
        }
        return new Result(points, playwrightPerPage);
    }

    /// <summary>Interactive (the circuit is up) and, on the feed, at least one card rendered by it.</summary>
    private async Task WaitForPageAsync(IPage page)
    {
        await page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        if (options.CircuitsPath == "/feed")
        {
            await page.GetByTestId("message-card").First.WaitForAsync();
        }
    }

    private async Task AddStaffAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        await DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = StaffEmail, Email = StaffEmail, DisplayName = "ベンチスタッフ", TenantId = host.TenantId, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, Roles.ClientStaff);
    }

    private static Point Measure(int tabs, TimeSpan took)
    {
        for (var i = 0; i < 3; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        using var process = Process.GetCurrentProcess();
        return new Point(tabs, heap, info.HeapSizeBytes, process.WorkingSet64, Machine.LoadAverage(), took);
    }

    private static void Print(Point p) =>
        Console.WriteLine($"   {p.Tabs,4} tabs   managed heap {p.ManagedHeap / 1048576.0,8:0.0} MiB   GC heap size {p.GcHeapSize / 1048576.0,8:0.0} MiB   RSS {p.Rss / 1048576.0,8:0.0} MiB   load {p.LoadAverage}   opened in {p.OpenTook.TotalSeconds:0} s");

    private static double AvailableMemoryGiB() =>
        File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal))
                .Select(l => long.Parse(l.Split(':', 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1048576.0).FirstOrDefault(double.MaxValue)
            : double.MaxValue;
}
