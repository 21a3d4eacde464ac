namespace Dashboard.Features.Callbacks.Deadlines;

/// <summary>
/// The fixed times around a tenant's deadline (decision 20): after the reminder the person has
/// <see cref="ReminderGrace"/> before the board raises 折り返し未完了; pressing 1 on the reminder call, or recording any
/// attempt, moves that once to <see cref="Snooze"/> from then.
/// </summary>
public static class DeadlineTimings
{
    public static readonly TimeSpan ReminderGrace = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Snooze = TimeSpan.FromMinutes(10);

    /// <summary>Hangfire stores whole seconds and may start a job up to a second early; within this it counts as due.</summary>
    public static readonly TimeSpan EarlyTolerance = TimeSpan.FromSeconds(1);

    /// <summary>A wake-up whose row is this overdue was lost (crashed node, missed schedule): the sweep runs it.</summary>
    public static readonly TimeSpan OverdueAfter = TimeSpan.FromSeconds(10);
}
