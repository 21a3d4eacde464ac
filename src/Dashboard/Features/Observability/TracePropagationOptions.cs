namespace Dashboard.Features.Observability;

/// <summary>Observability:PropagateTraceOverNotify (docs/decisions/0017-trace-context-over-notify.md, docs/deployment.md).</summary>
public sealed class TracePropagationOptions
{
    public const string Section = "Observability";

    /// <summary>
    /// Whether feed signals carry the writer's W3C trace context across NOTIFY (a fourth payload field). Off by default:
    /// nodes older than this version drop a signal with a fourth field, so turn it on only once every node runs a
    /// version that reads it.
    /// </summary>
    public bool PropagateTraceOverNotify { get; set; }
}
