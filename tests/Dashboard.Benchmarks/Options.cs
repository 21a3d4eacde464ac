using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>Command line: which sections run and how big they are.</summary>
internal sealed record Options
{
    public const string Usage = """
        Dashboard end-to-end benchmarks (docs/benchmarks.md). Needs a PostgreSQL server: DASHBOARD_TEST_POSTGRES
        (default Host=127.0.0.1;Port=55433;Username=postgres) or --postgres; a database is created and dropped.

          --section all|fanout|intake|lateness|volume|delivery|soak|circuits|report|history|history+report   what to run
                                        (default all: fanout, intake, lateness; the others only when asked; report: a
                                        month's report on the volume data, sized by --volume-*; history+report: both on
                                        one seeding)
          --quick                       small sizes for a smoke run (about 30 s; lateness about 3 minutes)
          --subscribers 1,100,1000      hub subscriber counts of one tenant
          --raw-hub-clients             fanout: subscribers as bare WebSockets reading only the id (the server measured without
                                        5,000 in-process HubConnections parsing every message on its cores)
          --messages 300                measured messages per subscriber count below 1,000
          --messages-large 150          measured messages per subscriber count of 1,000 and more
          --warmup 50                   warm-up messages per subscriber count (and per floor run)
          --intake-messages 2000        measured POSTs (and baseline rows) per worker count
          --intake-warmup 1000          warm-up round: the first run repeats rounds until CPU/msg stops falling
          --workers 8,32                concurrent intake workers
          --lateness-messages 200       urgent messages (second escalation steps) per configuration
          --lateness-spread 60          seconds over which they are posted, so due times spread over a minute
          --volume-days 365             volume: days of history
          --volume-per-day 10000        volume: messages a day of the big tenant
          --volume-tenants 500          volume: other tenants
          --volume-total 10000000       volume: messages in all (the other tenants share what the big one leaves)
          --volume-open 10000           volume: the big tenant's newest messages left open
          --volume-circuits 100         volume: feed states held at once for the memory figure
          --volume-samples 50           volume: feed opens per measurement (API calls: twice as many)
          --volume-warmup 30            volume: seconds of every measurement on every database, not kept, before the kept ones
          --delivery-subscribers 100    delivery: feed states watching (LiveFeedState, no browser)
          --delivery-dead 10            delivery: of which this many hang 60 s in every handler (a closed/frozen tab)
          --delivery-messages 300       delivery: measured messages per run (Urgent and Normal in turn)
          --soak-messages 10000         soak: messages POSTed
          --soak-rate 150               soak: messages a second (a fixed schedule)
          --soak-workers 16             soak: concurrent POSTs at most
          --soak-hubs 3                 soak: hub clients (SignalR, tenant key)
          --soak-feeds 20               soak: feed states (LiveFeedState, no browser)
          --circuits 10,25,50,100       circuits: open /feed tabs at each measurement (after 0 and 1)
          --circuits-path /feed         circuits: the page each tab opens (e.g. /me, to compare with a page without cards)
          --circuits-open 10000         circuits: open Normal messages of the tenant
          --circuits-history 20000      circuits: resolved messages besides, over --circuits-days 30
          --circuits-min-free 4         circuits: stop opening tabs below this many GiB of available memory
          --chromium /usr/bin/chromium  circuits: the browser (default $DASHBOARD_TEST_CHROMIUM, else /usr/bin/chromium)
          --postgres CONNECTION         server connection string (no Database)
          --app-connection-options OPTS appended to the app's connection string, e.g. "Max Auto Prepare=32"
          --keep-database               do not drop the benchmark database at the end
          --volume-database NAME        volume, report, history: seed the year into this database and keep it; a later run
                                        with the same --volume-* sizes reuses it without seeding (bench_volume_scale in it)
          --history-no-legacy           history: no same-run comparison with the first search design (slow at full scale)
        """;

    public bool Fanout { get; init; } = true;

    /// <summary>Fan-out: subscribers as bare WebSockets that read only the id (<see cref="RawHubClient"/>), not .NET HubConnections.</summary>
    public bool RawHubClients { get; init; }
    public bool Intake { get; init; } = true;
    public bool Lateness { get; init; } = true;
    public bool Volume { get; init; }
    public bool Delivery { get; init; }
    public bool Soak { get; init; }
    public int DeliverySubscribers { get; init; } = 100;
    public int DeliveryDead { get; init; } = 10;
    public int DeliveryMessages { get; init; } = 300;
    public int SoakMessages { get; init; } = 10_000;
    public double SoakRate { get; init; } = 150;
    public int SoakWorkers { get; init; } = 16;
    public int SoakHubs { get; init; } = 3;
    public int SoakFeeds { get; init; } = 20;
    public bool CircuitsSection { get; init; }
    public bool ReportSection { get; init; }
    public bool HistorySection { get; init; }
    public IReadOnlyList<int> Circuits { get; init; } = [10, 25, 50, 100];
    public string CircuitsPath { get; init; } = "/feed";
    public int CircuitsOpen { get; init; } = 10_000;
    public int CircuitsHistory { get; init; } = 20_000;
    public int CircuitsHistoryDays { get; init; } = 30;
    public double CircuitsMinFreeGiB { get; init; } = 4;
    public string Chromium { get; init; } =
        Environment.GetEnvironmentVariable("DASHBOARD_TEST_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium";
    public int VolumeDays { get; init; } = 365;
    public int VolumePerDay { get; init; } = 10_000;
    public int VolumeTenants { get; init; } = 500;
    public long VolumeTotal { get; init; } = 10_000_000;
    public int VolumeOpen { get; init; } = 10_000;
    public int VolumeCircuits { get; init; } = 100;
    public int VolumeSamples { get; init; } = 50;
    public int VolumeWarmupSeconds { get; init; } = 30;
    public IReadOnlyList<int> Subscribers { get; init; } = [1, 100, 1000];
    public int Messages { get; init; } = 300;
    public int MessagesLarge { get; init; } = 150;
    public int Warmup { get; init; } = 50;
    public int IntakeMessages { get; init; } = 2000;
    public int IntakeWarmup { get; init; } = 1000;
    public IReadOnlyList<int> Workers { get; init; } = [8, 32];
    public int LatenessMessages { get; init; } = 200;
    public TimeSpan LatenessSpread { get; init; } = TimeSpan.FromSeconds(60);
    public bool KeepDatabase { get; init; }

    /// <summary>The kept, reusable database of the volume data (null: a throw-away one per run).</summary>
    public string? VolumeDatabase { get; init; }

    /// <summary>History section: leave out the first design's searches (a rare word walks the whole tenant: minutes at full scale).</summary>
    public bool HistoryNoLegacy { get; init; }
    public string AppConnectionOptions { get; init; } = "";
    public string Postgres { get; init; } =
        Environment.GetEnvironmentVariable("DASHBOARD_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55433;Username=postgres";

    public static Options? Parse(string[] args)
    {
        var options = args.Contains("--quick")
            ? new Options { Subscribers = [1, 100], Messages = 50, MessagesLarge = 30, Warmup = 5, IntakeMessages = 500, IntakeWarmup = 50, Workers = [8],
                LatenessMessages = 20, LatenessSpread = TimeSpan.FromSeconds(10),
                VolumeDays = 30, VolumePerDay = 1_000, VolumeTenants = 20, VolumeTotal = 60_000, VolumeOpen = 1_000, VolumeCircuits = 20, VolumeSamples = 10,
                DeliverySubscribers = 20, DeliveryDead = 2, DeliveryMessages = 30, SoakMessages = 600, SoakRate = 60 }
            : new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            int[] List() => [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            options = args[i] switch
            {
                "--quick" => options,
                "--section" => Next() switch
                {
                    "all" => options with { Fanout = true, Intake = true, Lateness = true, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "fanout" => options with { Fanout = true, Intake = false, Lateness = false, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "intake" => options with { Fanout = false, Intake = true, Lateness = false, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "lateness" => options with { Fanout = false, Intake = false, Lateness = true, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "volume" => options with { Fanout = false, Intake = false, Lateness = false, Volume = true, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "delivery" => options with { Fanout = false, Intake = false, Lateness = false, Volume = false, Delivery = true, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "soak" => options with { Fanout = false, Intake = false, Lateness = false, Volume = false, Delivery = false, Soak = true, CircuitsSection = false, HistorySection = false, ReportSection = false },
                    "circuits" => options with { Fanout = false, Intake = false, Lateness = false, Volume = false, Delivery = false, Soak = false, CircuitsSection = true, HistorySection = false, ReportSection = false },
                    "history" => options with { Fanout = false, Intake = false, Lateness = false, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = true },
                    "history+report" => options with { Fanout = false, Intake = false, Lateness = false, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = true, ReportSection = true },
                    "report" => options with { Fanout = false, Intake = false, Lateness = false, Volume = false, Delivery = false, Soak = false, CircuitsSection = false, HistorySection = false, ReportSection = true },
                    var other => throw new ArgumentException($"unknown section {other}"),
                },
                "--subscribers" => options with { Subscribers = List() },
                "--raw-hub-clients" => options with { RawHubClients = true },
                "--messages" => options with { Messages = Int() },
                "--messages-large" => options with { MessagesLarge = Int() },
                "--warmup" => options with { Warmup = Int() },
                "--intake-messages" => options with { IntakeMessages = Int() },
                "--intake-warmup" => options with { IntakeWarmup = Int() },
                "--workers" => options with { Workers = List() },
                "--lateness-messages" => options with { LatenessMessages = Int() },
                "--lateness-spread" => options with { LatenessSpread = TimeSpan.FromSeconds(Int()) },
                "--volume-days" => options with { VolumeDays = Int() },
                "--volume-per-day" => options with { VolumePerDay = Int() },
                "--volume-tenants" => options with { VolumeTenants = Int() },
                "--volume-total" => options with { VolumeTotal = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--volume-open" => options with { VolumeOpen = Int() },
                "--volume-circuits" => options with { VolumeCircuits = Int() },
                "--volume-samples" => options with { VolumeSamples = Int() },
                "--volume-warmup" => options with { VolumeWarmupSeconds = Int() },
                "--delivery-subscribers" => options with { DeliverySubscribers = Int() },
                "--delivery-dead" => options with { DeliveryDead = Int() },
                "--delivery-messages" => options with { DeliveryMessages = Int() },
                "--soak-messages" => options with { SoakMessages = Int() },
                "--soak-rate" => options with { SoakRate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--soak-workers" => options with { SoakWorkers = Int() },
                "--soak-hubs" => options with { SoakHubs = Int() },
                "--soak-feeds" => options with { SoakFeeds = Int() },
                "--circuits" => options with { Circuits = List() },
                "--circuits-path" => options with { CircuitsPath = Next() },
                "--circuits-open" => options with { CircuitsOpen = Int() },
                "--circuits-history" => options with { CircuitsHistory = Int() },
                "--circuits-days" => options with { CircuitsHistoryDays = Int() },
                "--circuits-min-free" => options with { CircuitsMinFreeGiB = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--chromium" => options with { Chromium = Next() },
                "--postgres" => options with { Postgres = Next() },
                "--keep-database" => options with { KeepDatabase = true },
                "--volume-database" => options with { VolumeDatabase = DatabaseName(Next()) },
                "--history-no-legacy" => options with { HistoryNoLegacy = true },
                "--app-connection-options" => options with { AppConnectionOptions = Next() },
                "--help" or "-h" => null,
                var other => throw new ArgumentException($"unknown option {other}"),
            };
            if (options is null)
            {
                return null;
            }
        }
        return options;
    }

    /// <summary>A database name that needs no quoting rules beyond the double quotes the benchmark puts around it.</summary>
    private static string DatabaseName(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z_][a-z0-9_]{0,62}$")
            ? name
            : throw new ArgumentException($"--volume-database {name}: lower-case letters, digits and _ only");
}
