using System.Globalization;

namespace Dashboard.Features.Localization;

/// <summary>
/// The language of one circuit's user, captured when the circuit opens (the request that started it carried the
/// culture cookie). CultureInfo.CurrentCulture flows with whoever calls InvokeAsync, so anything that re-renders from
/// outside the browser's own events (a push, a timer, a revocation) applies this first; otherwise the render speaks
/// the background thread's language.
/// </summary>
public sealed class CircuitCulture
{
    public CultureInfo Culture { get; private set; } = CultureInfo.CurrentCulture;

    public CultureInfo UICulture { get; private set; } = CultureInfo.CurrentUICulture;

    /// <summary>Takes the current thread's culture as the circuit's (call where the user's request is being served).</summary>
    public void Capture()
    {
        Culture = CultureInfo.CurrentCulture;
        UICulture = CultureInfo.CurrentUICulture;
    }

    /// <summary>Sets the circuit's culture on the current flow; what this flow calls afterwards (InvokeAsync included) inherits it.</summary>
    public void Apply()
    {
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = UICulture;
    }

    /// <summary>A periodic timer whose every tick runs in the circuit's culture.</summary>
    public ITimer CreateTimer(TimeProvider time, Func<Task> tick, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(tick);
        return time.CreateTimer(_ =>
        {
            Apply();
            // The tick re-renders through InvokeAsync; a timer has nobody to hand a failure to.
            _ = tick();
        }, null, period, period);
    }
}
