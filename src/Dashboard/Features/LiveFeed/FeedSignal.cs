using System.Diagnostics;
using System.Globalization;
using Dashboard.Data;
using Dashboard.Features.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.LiveFeed;

public enum FeedChangeKind
{
    Created,
    Updated,
}

/// <summary>
/// The small payload that crosses nodes through PostgreSQL NOTIFY: ids only (NOTIFY payloads are capped
/// at 8000 bytes, and the message is read once per node from the database anyway), plus, when
/// <see cref="TracePropagationOptions.PropagateTraceOverNotify"/> is on, the writer's W3C <c>traceparent</c>, so each
/// node's delivery continues the writer's trace. Fields are separated by '|'; a reader takes the first three and
/// the fourth when it is there and ignores any it does not know, so nodes of the previous and the next version can
/// read each other's signals during a rolling deploy (docs/deployment.md, "Upgrades with migrations").
/// </summary>
public sealed record FeedSignal(FeedChangeKind Kind, Guid TenantId, Guid MessageId, string? TraceParent = null)
{
    public const string Channel = "dashboard_feed";

    /// <summary>The writer's trace context, when the signal carried a valid one.</summary>
    public ActivityContext? ParentContext =>
        ActivityContext.TryParse(TraceParent, null, isRemote: true, out var context) ? context : null;

    public string ToPayload()
    {
        var ids = string.Create(CultureInfo.InvariantCulture, $"{(Kind == FeedChangeKind.Created ? 'c' : 'u')}|{TenantId}|{MessageId}");
        return TraceParent is null ? ids : $"{ids}|{TraceParent}";
    }

    public static FeedSignal? Parse(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var parts = payload.Split('|');
        if (parts.Length < 3 || !Guid.TryParse(parts[1], out var tenant) || !Guid.TryParse(parts[2], out var message))
        {
            return null;
        }
        // A trace context that does not parse costs the trace, never the push.
        var traceParent = parts.Length > 3 && ActivityContext.TryParse(parts[3], null, out _) ? parts[3] : null;
        return new FeedSignal(parts[0] == "c" ? FeedChangeKind.Created : FeedChangeKind.Updated, tenant, message, traceParent);
    }

    /// <summary>This signal carrying the current activity's trace context (when there is one in W3C form).</summary>
    public FeedSignal WithCurrentTrace() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id } ? this with { TraceParent = id } : this;

    /// <summary>Queues the signal inside the caller's transaction: PostgreSQL delivers it only if and when that commits.</summary>
    public Task SendAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var signal = PropagatesTrace(db) ? WithCurrentTrace() : this with { TraceParent = null };
        var payload = signal.ToPayload();
        return db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
    }

    // Read from the app's services behind the context: every write path sends through here, so none of them has to pass it.
    private static bool PropagatesTrace(AppDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<IOptions<TracePropagationOptions>>()?.Value.PropagateTraceOverNotify == true;
}
