using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>Command line: which sections run and how big they are.</summary>
internal sealed record Options
{
    public const string Usage = """
        Dashboard end-to-end benchmarks (docs/benchmarks.md). Needs a PostgreSQL server: DASHBOARD_TEST_POSTGRES
        (default Host=127.0.0.1;Port=55433;Username=postgres) or --postgres; a database is created and dropped.

          --section all|fanout|intake|lateness   what to run (default all)
          --quick                       small sizes for a smoke run (about 30 s; lateness about 3 minutes)
          --subscribers 1,100,1000      hub subscriber counts of one tenant
          --messages 300                measured messages per subscriber count below 1,000
          --messages-large 150          measured messages per subscriber count of 1,000 and more
          --warmup 50                   warm-up messages per subscriber count (and per floor run)
          --intake-messages 2000        measured POSTs (and baseline rows) per worker count
          --intake-warmup 1000          warm-up round: the first run repeats rounds until CPU/msg stops falling
          --workers 8,32                concurrent intake workers
          --lateness-messages 200       urgent messages (second escalation steps) per configuration
          --lateness-spread 60          seconds over which they are posted, so due times spread over a minute
          --postgres CONNECTION         server connection string (no Database)
          --app-connection-options OPTS appended to the app's connection string, e.g. "Max Auto Prepare=32"
          --keep-database               do not drop the benchmark database at the end
        """;

    public bool Fanout { get; init; } = true;
    public bool Intake { get; init; } = true;
    public bool Lateness { get; init; } = true;
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
    public string AppConnectionOptions { get; init; } = "";
    public string Postgres { get; init; } =
        Environment.GetEnvironmentVariable("DASHBOARD_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=55433;Username=postgres";

    public static Options? Parse(string[] args)
    {
        var options = args.Contains("--quick")
            ? new Options { Subscribers = [1, 100], Messages = 50, MessagesLarge = 30, Warmup = 5, IntakeMessages = 500, IntakeWarmup = 50, Workers = [8],
                LatenessMessages = 20, LatenessSpread = TimeSpan.FromSeconds(10) }
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
                    "all" => options with { Fanout = true, Intake = true, Lateness = true },
                    "fanout" => options with { Fanout = true, Intake = false, Lateness = false },
                    "intake" => options with { Fanout = false, Intake = true, Lateness = false },
                    "lateness" => options with { Fanout = false, Intake = false, Lateness = true },
                    var other => throw new ArgumentException($"unknown section {other}"),
                },
                "--subscribers" => options with { Subscribers = List() },
                "--messages" => options with { Messages = Int() },
                "--messages-large" => options with { MessagesLarge = Int() },
                "--warmup" => options with { Warmup = Int() },
                "--intake-messages" => options with { IntakeMessages = Int() },
                "--intake-warmup" => options with { IntakeWarmup = Int() },
                "--workers" => options with { Workers = List() },
                "--lateness-messages" => options with { LatenessMessages = Int() },
                "--lateness-spread" => options with { LatenessSpread = TimeSpan.FromSeconds(Int()) },
                "--postgres" => options with { Postgres = Next() },
                "--keep-database" => options with { KeepDatabase = true },
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
}
