using Dashboard.Data;

namespace Dashboard.Features.Escalation;

/// <summary>One opening period on a weekday, in the tenant's time zone (Close after Open; no overnight periods).</summary>
public sealed class OpeningPeriod
{
    public DayOfWeek Day { get; set; }
    public TimeOnly Open { get; set; }
    public TimeOnly Close { get; set; }
}

/// <summary>A tenant's weekly opening hours. Japanese public holidays are closed unless the tenant says otherwise.</summary>
[Audit.Audited]
public sealed class BusinessHours : ITenantOwned
{
    public Guid TenantId { get; set; }
    public List<OpeningPeriod> Weekly { get; set; } = [];
    public bool ClosedOnPublicHolidays { get; set; } = true;
}

/// <summary>A date the tenant is closed on (年末年始, 夏季休業, ...), in its own calendar.</summary>
[Audit.Audited]
public sealed class ClosedDate : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DateOnly Date { get; set; }
    public string Reason { get; set; } = "";
}
