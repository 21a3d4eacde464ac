using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// CPU time spent by this process (the app and the load generator) and by the PostgreSQL backends serving the
/// benchmark database (Linux: /proc, matched by the database name in the backend's process title). Unlike
/// throughput, CPU per message hardly changes when other work competes for the cores.
/// </summary>
internal sealed class CpuMeter(string databaseName)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every mainstream Linux build.

    public readonly record struct Sample(TimeSpan Process, TimeSpan? Database);

    public Sample Now()
    {
        using var self = Process.GetCurrentProcess();
        return new Sample(self.TotalProcessorTime, DatabaseCpu());
    }

    /// <summary>CPU milliseconds per message; <see cref="Ceiling"/> is the rate at which they would fill every core.</summary>
    public readonly record struct Cost(double ProcessMs, double DatabaseMs)
    {
        public double Ceiling => Environment.ProcessorCount * 1000 / (ProcessMs + DatabaseMs);

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"CPU/msg: this process {ProcessMs:0.00} ms, PostgreSQL {DatabaseMs:0.00} ms");
    }

    public static Cost PerMessage(Sample from, Sample to, int messages)
    {
        var process = (to.Process - from.Process).TotalMilliseconds / messages;
        var database = to.Database is { } end && from.Database is { } start ? (end - start).TotalMilliseconds / messages : double.NaN;
        return new Cost(process, database);
    }

    private TimeSpan? DatabaseCpu()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return null;
        }
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }
            try
            {
                var title = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains($" {databaseName} ", StringComparison.Ordinal))
                {
                    continue;
                }
                // Fields after the ")" closing the command name: state is field 3, utime 14, stime 15.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The backend ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
