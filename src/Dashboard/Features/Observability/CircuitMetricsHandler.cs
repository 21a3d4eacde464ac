using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Features.Observability;

/// <summary>Counts this node's circuits for the open and connected circuit gauges.</summary>
public sealed class CircuitMetricsHandler(DashboardMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitConnected();
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitDisconnected();
        return Task.CompletedTask;
    }
}
