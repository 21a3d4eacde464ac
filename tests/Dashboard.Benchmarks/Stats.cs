using System.Diagnostics;
using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>Latency percentiles (nearest rank) in milliseconds.</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        var sorted = samples.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }

    public static double Ms(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    public string Row() => string.Create(CultureInfo.InvariantCulture, $"{P50,9:0.00} {P95,9:0.00} {P99,9:0.00} {Max,9:0.00} {Count,9}");

    /// <summary>
    /// Ratio per column. The floor can be zero or even negative at the median: the listener may hear a NOTIFY
    /// before the committing connection has read its COMMIT reply. Those columns show "-". Ratios below 1 want a
    /// <paramref name="format"/> with decimals.
    /// </summary>
    public string RatioTo(Percentiles floor, string format = "0")
    {
        ArgumentNullException.ThrowIfNull(floor);
        string One(double value, double baseline) =>
            baseline >= 0.005 ? (value / baseline).ToString(format, CultureInfo.InvariantCulture).PadLeft(8) + "x" : "       -";
        return $"{One(P50, floor.P50)} {One(P95, floor.P95)} {One(P99, floor.P99)} {One(Max, floor.Max)}";
    }

    public const string Header = "      p50       p95       p99       max   samples";
}
