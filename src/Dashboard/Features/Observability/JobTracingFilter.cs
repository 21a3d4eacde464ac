using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Server;

namespace Dashboard.Features.Observability;

/// <summary>
/// Carries the trace across Hangfire: the W3C trace context of whoever enqueues a job is stored as a job parameter,
/// and the job runs inside a span that continues it (a request's message → its escalation steps → their sends).
/// </summary>
public sealed class JobTracingFilter : IClientFilter, IServerFilter
{
    private const string Parameter = "traceparent";
    private const string ActivityItem = "dashboard.activity";

    public void OnCreating(CreatingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Activity.Current?.Id is { } traceParent)
        {
            context.SetJobParameter(Parameter, traceParent);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parent = ActivityContext.TryParse(context.GetJobParameter<string>(Parameter), null, out var parsed) ? parsed : default;
        var job = context.BackgroundJob.Job;
        var activity = DashboardTelemetry.Source.StartActivity($"job {job.Type.Name}.{job.Method.Name}", ActivityKind.Consumer, parent);
        activity?.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        context.Items[ActivityItem] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ActivityItem, out var item) && item is Activity activity)
        {
            if (context.Exception is { } ex)
            {
                activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            }
            activity.Stop();
        }
    }
}
