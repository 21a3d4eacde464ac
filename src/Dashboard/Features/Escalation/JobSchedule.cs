using System.Linq.Expressions;
using Hangfire;

namespace Dashboard.Features.Escalation;

public static class JobSchedule
{
    /// <summary>A wake-up at <paramref name="dueAt"/>: enqueued now when it is already due (Hangfire's scheduler polls), else scheduled.</summary>
    public static void At<TJob>(this IBackgroundJobClient jobs, Expression<Func<TJob, Task>> call, DateTimeOffset dueAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        if (dueAt <= now)
        {
            jobs.Enqueue(call);
        }
        else
        {
            jobs.Schedule(call, dueAt);
        }
    }
}
