using System.Diagnostics;

namespace Dashboard.Features.Observability;

/// <summary>The app's own trace spans (OpenTelemetry exports them when an OTLP endpoint is configured).</summary>
public static class DashboardTelemetry
{
    public const string SourceName = "Dashboard";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span about one message (feed dispatch, escalation step, send), tagged so a trace backend can find every node's part.
    /// Given the writer's trace context (carried by a NOTIFY payload), the span continues that trace as its child.</summary>
    public static Activity? StartForMessage(string name, Guid tenantId, Guid messageId, ActivityKind kind = ActivityKind.Internal, ActivityContext? parent = null)
    {
        var activity = parent is { } remote ? Source.StartActivity(name, kind, remote) : Source.StartActivity(name, kind);
        activity?.SetTag("dashboard.tenant.id", tenantId);
        activity?.SetTag("dashboard.message.id", messageId);
        return activity;
    }
}
