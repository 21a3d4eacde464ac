namespace Dashboard.Features.Reports;

/// <summary>
/// One tenant's month, as the report page, the report e-mail and <c>GET /api/v1/reports/{tenant}/{yyyy-MM}</c> show it.
/// Days and hours are the tenant's local ones; durations are seconds.
/// </summary>
public sealed record MonthlyReport(
    string Tenant,
    string TenantName,
    string Month,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    UrgencyCounts Calls,
    IReadOnlyList<DayCalls> PerDay,
    IReadOnlyList<HourCalls> PerHour,
    IReadOnlyList<NamedCount> ByForWhom,
    ResponseTimes Acknowledge,
    IReadOnlyList<MonthResponseTimes> AcknowledgeTrend,
    EscalationFigures Escalations,
    IReadOnlyList<NamedCount> AcknowledgedBy,
    ResponseTimes Callback,
    IReadOnlyList<MonthResponseTimes> CallbackTrend);

public sealed record UrgencyCounts(int Normal, int Urgent, int Emergency)
{
    public static readonly UrgencyCounts None = new(0, 0, 0);

    public int Total => Normal + Urgent + Emergency;
}

/// <summary>Calls received on one local day (yyyy-MM-dd).</summary>
public sealed record DayCalls(string Date, int Normal, int Urgent, int Emergency)
{
    public int Total => Normal + Urgent + Emergency;
}

/// <summary>Calls received in one local hour of the day (0-23), over the whole month.</summary>
public sealed record HourCalls(int Hour, int Normal, int Urgent, int Emergency)
{
    public int Total => Normal + Urgent + Emergency;
}

public sealed record NamedCount(string Name, int Count);

/// <summary>
/// Time from receipt to acknowledgement of the urgent and emergency calls (the ones that escalate; normal calls are
/// meant to wait). <see cref="Count"/> calls, <see cref="Responded"/> of them acknowledged; null percentiles when none were.
/// For time to callback (received → the first reached callback, 折り返し), the same calls: <see cref="Responded"/> of
/// them called back.
/// </summary>
public sealed record ResponseTimes(int Count, int Responded, double? P50Seconds, double? P90Seconds);

public sealed record MonthResponseTimes(string Month, int Count, int Responded, double? P50Seconds, double? P90Seconds);

/// <summary>Escalations that started in the month, the steps they ran, and how many ran out with nobody acknowledging.</summary>
public sealed record EscalationFigures(int Started, int StepsRun, int Exhausted);
