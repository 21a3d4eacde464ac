namespace Dashboard.Features.Accounts;

/// <summary>Per circuit: whether the browser is connected, and an event raised when its connection comes back after a drop.</summary>
public sealed class CircuitConnection
{
    private volatile bool up = true;
    private bool wasDown;

    public event Func<Task>? Restored;

    /// <summary>False while the browser is gone (closed tab, sleeping phone): calls into its JavaScript would only wait.</summary>
    public bool IsUp => up;

    public void MarkDown()
    {
        up = false;
        wasDown = true;
    }

    public async Task MarkUpAsync()
    {
        up = true;
        if (!wasDown)
        {
            return;
        }
        wasDown = false;
        if (Restored is { } restored)
        {
            await restored();
        }
    }
}
