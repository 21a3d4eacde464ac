using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Features.AccountManagement.Policies;

/// <summary>
/// What the editor holds while someone types: mutable, possibly invalid, never saved as is. Saving turns it into a
/// new immutable <see cref="EscalationPolicyVersion"/>.
/// </summary>
public sealed class PolicyDraft
{
    public string Name { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public HashSet<Urgency> Urgencies { get; set; } = [Urgency.Urgent, Urgency.Emergency];
    public HoursCoverage Hours { get; set; }
    public int Repeats { get; set; } = 1;
    public List<StepDraft> Steps { get; set; } = [];
    /// <summary>The version the draft was started from (0 for a new policy): a save on top of a newer one is refused.</summary>
    public int BaseVersion { get; set; }

    public static PolicyDraft From(EscalationPolicy policy, EscalationPolicyVersion? version)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyDraft
        {
            Name = policy.Name,
            IsActive = policy.IsActive,
            BaseVersion = policy.CurrentVersion,
            Urgencies = [.. version?.Urgencies ?? []],
            Hours = version?.Hours ?? HoursCoverage.Always,
            Repeats = version?.Repeats ?? 1,
            Steps = [.. (version?.Steps ?? []).Select(s => new StepDraft
            {
                DelayMinutes = s.DelayMinutes,
                Targets = [.. s.Targets.Select(t => new TargetDraft { Kind = t.Kind, ContactId = t.ContactId, Channel = t.Channel })],
            })],
        };
    }

    /// <summary>The rules of the draft as a version row (not yet numbered or stamped).</summary>
    public EscalationPolicyVersion ToVersion(Guid tenantId, Guid policyId) => new()
    {
        TenantId = tenantId,
        PolicyId = policyId,
        Urgencies = [.. Urgencies.Order()],
        Hours = Hours,
        Repeats = Repeats,
        Steps = [.. Steps.Select(s => new EscalationStep
        {
            DelayMinutes = s.DelayMinutes,
            Targets = [.. s.Targets.Select(t => new EscalationTarget
            {
                Kind = t.Kind,
                ContactId = t.Kind == TargetKind.Contact ? t.ContactId : null,
                Channel = t.Kind == TargetKind.AllStaff ? EscalationTarget.AllStaffChannel : t.Channel,
            })],
        })],
    };

    /// <summary>What the draft says, as text: equal snapshots are equal drafts (urgencies in a fixed order, so ticking one off and on is no change).</summary>
    public string Snapshot() => System.Text.Json.JsonSerializer.Serialize(
        new { Name, IsActive, Urgencies = Urgencies.Order().ToList(), Hours, Repeats, Steps });

    public void MoveStep(int index, int offset)
    {
        var to = index + offset;
        if (index < 0 || index >= Steps.Count || to < 0 || to >= Steps.Count)
        {
            return;
        }
        (Steps[index], Steps[to]) = (Steps[to], Steps[index]);
    }
}

public sealed class StepDraft
{
    public int DelayMinutes { get; set; }
    public List<TargetDraft> Targets { get; set; } = [];
}

public sealed class TargetDraft
{
    public TargetKind Kind { get; set; }
    public Guid? ContactId { get; set; }
    public NotificationChannel Channel { get; set; }
}
