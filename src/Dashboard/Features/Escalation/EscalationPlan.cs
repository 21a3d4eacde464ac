using Dashboard.Features.Messages;

namespace Dashboard.Features.Escalation;

/// <summary>One step as it would run for a message: when, which round, which targets.</summary>
public sealed record PlannedStep(int Round, int StepIndex, DateTimeOffset DueAt, IReadOnlyList<EscalationTarget> Targets);

public static class EscalationPlan
{
    /// <summary>
    /// Every step of every round, with its due time counted from <paramref name="start"/>. Each delay is after the
    /// previous step, across rounds too, so the total time until exhaustion is the sum of all delays.
    /// </summary>
    public static IReadOnlyList<PlannedStep> For(EscalationPolicyVersion version, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(version);
        var plan = new List<PlannedStep>();
        var at = start;
        for (var round = 0; round < Math.Max(1, version.Repeats); round++)
        {
            for (var i = 0; i < version.Steps.Count; i++)
            {
                at = at.AddMinutes(version.Steps[i].DelayMinutes);
                plan.Add(new PlannedStep(round, i, at, version.Steps[i].Targets));
            }
        }
        return plan;
    }

    /// <summary>Minutes from the start until the last step of the last round: every delay, once per round.</summary>
    public static int TotalMinutes(EscalationPolicyVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.Steps.Sum(s => Math.Max(0, s.DelayMinutes)) * Math.Max(1, version.Repeats);
    }

    /// <summary>The first active policy (oldest first) whose current version covers this urgency at these hours.</summary>
    public static (EscalationPolicy Policy, EscalationPolicyVersion Version)? Choose(
        IEnumerable<EscalationPolicy> policies, Urgency urgency, bool insideBusinessHours)
    {
        ArgumentNullException.ThrowIfNull(policies);
        foreach (var policy in policies.Where(p => p.IsActive).OrderBy(p => p.Id))
        {
            var current = policy.Versions.FirstOrDefault(v => v.Version == policy.CurrentVersion);
            if (current is not null && current.AppliesTo(urgency, insideBusinessHours))
            {
                return (policy, current);
            }
        }
        return null;
    }
}
