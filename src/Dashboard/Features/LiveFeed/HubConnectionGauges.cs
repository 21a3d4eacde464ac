using System.Diagnostics.Metrics;
using Dashboard.Features.Observability;

namespace Dashboard.Features.LiveFeed;

/// <summary>This node's open hub connections as a gauge on the product's meter.</summary>
public sealed class HubConnectionGauges(HubConnectionRegistry hubConnections) : IDashboardGauges
{
    public void Register(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("dashboard.hub.connections", () => hubConnections.Count, description: "SignalR hub connections open on this node");
    }
}
