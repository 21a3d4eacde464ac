using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.AccountManagement.Policies;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>One finding, attached to the field it is about ("name", "step-1", "step-1-target-0", "coverage", ...).</summary>
public sealed record PolicyIssue(IssueSeverity Severity, string Field, string Text);

/// <summary>An active policy of the tenant other than the one being edited, for the coverage check.</summary>
public sealed record ActivePolicy(Guid Id, string Name, EscalationPolicyVersion Version);

public sealed record PolicyValidation(IReadOnlyList<PolicyIssue> Issues, int TotalMinutes)
{
    public bool HasErrors => Issues.Any(i => i.Severity == IssueSeverity.Error);

    public IEnumerable<PolicyIssue> For(string field) => Issues.Where(i => i.Field == field);

    public string? ErrorFor(string field) => For(field).FirstOrDefault(i => i.Severity == IssueSeverity.Error)?.Text;
}

/// <summary>
/// Checks a draft policy and says why in the reader's language: errors block saving (a step nobody can be reached by),
/// warnings do not (an unverified phone, coverage that overlaps or leaves a gap between the tenant's active policies).
/// </summary>
public sealed class PolicyValidator(IStringLocalizer text, NotificationChannelCatalog channels)
{
    public const int MaxDelayMinutes = 24 * 60;
    public const int MaxRepeats = 10;
    public const int MaxNameLength = 200;

    /// <summary>Urgencies that escalate by default: a time with no policy for them is a gap worth a warning.</summary>
    private static readonly Urgency[] Escalating = [Urgency.Urgent, Urgency.Emergency];

    public PolicyValidation Validate(PolicyDraft draft, Guid? policyId, IReadOnlyCollection<Contact> contacts, IReadOnlyCollection<ActivePolicy> otherActive)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(otherActive);
        var issues = new List<PolicyIssue>();
        void Error(string field, string key, params object[] args) => issues.Add(new(IssueSeverity.Error, field, text[key, args]));
        void Warning(string field, string key, params object[] args) => issues.Add(new(IssueSeverity.Warning, field, text[key, args]));

        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            Error("name", "Policy_NameRequired");
        }
        else if (draft.Name.Length > MaxNameLength)
        {
            Error("name", "Policy_NameTooLong", MaxNameLength);
        }
        if (draft.Repeats is < 1 or > MaxRepeats)
        {
            Error("repeats", "Policy_RepeatsRange", MaxRepeats);
        }
        if (draft.Urgencies.Count == 0)
        {
            Error("urgencies", "Policy_UrgenciesRequired");
        }
        if (draft.Steps.Count == 0)
        {
            Error("steps", "Policy_StepsRequired");
        }
        var byId = contacts.ToDictionary(c => c.Id);
        for (var i = 0; i < draft.Steps.Count; i++)
        {
            var step = draft.Steps[i];
            var number = i + 1;
            if (step.DelayMinutes is < 0 or > MaxDelayMinutes)
            {
                Error($"step-{i}-delay", "Policy_DelayRange", MaxDelayMinutes);
            }
            if (step.Targets.Count == 0)
            {
                Error($"step-{i}", "Policy_StepNoTargets", number);
            }
            for (var j = 0; j < step.Targets.Count; j++)
            {
                CheckTarget(step.Targets[j], channels.Find(step.Targets[j].Channel), $"step-{i}-target-{j}", number, byId, Error, Warning);
            }
            CheckRepeatedTargets(draft, i, byId, Warning);
        }
        CheckCoverage(draft, policyId, otherActive, Warning);

        var rules = draft.ToVersion(Guid.Empty, Guid.Empty);
        rules.Repeats = Math.Clamp(rules.Repeats, 1, MaxRepeats);
        rules.Steps.ForEach(s => s.DelayMinutes = Math.Clamp(s.DelayMinutes, 0, MaxDelayMinutes));
        return new PolicyValidation(issues, EscalationPlan.TotalMinutes(rules));
    }

    /// <summary>The target's channel (its registration, null if none) says which address it needs and whether an unverified one is worth a warning.</summary>
    private static void CheckTarget(TargetDraft target, ChannelDescription? channel, string field, int stepNumber, Dictionary<Guid, Contact> contacts,
        Action<string, string, object[]> error, Action<string, string, object[]> warning)
    {
        if (target.Kind == TargetKind.AllStaff)
        {
            return;
        }
        if (target.ContactId is not { } id || !contacts.TryGetValue(id, out var contact))
        {
            error(field, "Policy_TargetContactMissing", [stepNumber]);
            return;
        }
        if (!contact.IsActive)
        {
            error(field, "Policy_TargetContactInactive", [stepNumber, contact.Name]);
        }
        else if (channel is null)
        {
            return;
        }
        else if (string.IsNullOrEmpty(contact.AddressOf(channel.Address)))
        {
            // Policy_TargetNoEmail, Policy_TargetNoPhone: named by the kind of address, shared by every channel using it.
            error(field, $"Policy_TargetNo{channel.Address}", [stepNumber, contact.Name]);
        }
        else if (channel.WarnWhenUnverified && contact.VerifiedAt(channel.Address) is null)
        {
            warning(field, $"Policy_Target{channel.Address}Unverified", [stepNumber, contact.Name]);
        }
    }

    /// <summary>
    /// The same person reached the same way twice at the same moment is a slip, not a plan: twice in one step, or in this
    /// step and the one before when this one waits 0 minutes. (One person by phone and by e-mail in a step is a plan.)
    /// A warning under the repeated target; the second call to a number within a minute would be held back anyway.
    /// </summary>
    private void CheckRepeatedTargets(PolicyDraft draft, int index, Dictionary<Guid, Contact> contacts, Action<string, string, object[]> warning)
    {
        var step = draft.Steps[index];
        var before = index > 0 && step.DelayMinutes == 0 ? draft.Steps[index - 1].Targets.Select(Reach).ToHashSet() : [];
        var seen = new HashSet<(TargetKind, Guid?, NotificationChannel)>();
        for (var j = 0; j < step.Targets.Count; j++)
        {
            var target = step.Targets[j];
            if (target.Kind == TargetKind.Contact && target.ContactId is null)
            {
                continue;
            }
            var who = target.Kind == TargetKind.AllStaff ? text["Escalation_AllStaff"].Value
                : contacts.TryGetValue(target.ContactId!.Value, out var contact) ? contact.Name : "";
            var how = text[channels.NameKey(Reach(target).Item3)].Value;
            if (!seen.Add(Reach(target)))
            {
                warning($"step-{index}-target-{j}", "Policy_TargetTwiceInStep", [index + 1, who, how]);
            }
            else if (before.Contains(Reach(target)))
            {
                warning($"step-{index}-target-{j}", "Policy_TargetAgainAtOnce", [index + 1, who, how, index]);
            }
        }
    }

    /// <summary>Who and how a target reaches (every staff member is reached by e-mail, whatever the draft says).</summary>
    private static (TargetKind, Guid?, NotificationChannel) Reach(TargetDraft target) => target.Kind == TargetKind.AllStaff
        ? (TargetKind.AllStaff, null, EscalationTarget.AllStaffChannel)
        : (TargetKind.Contact, target.ContactId, target.Channel);

    /// <summary>
    /// The tenant's active policies as they would be after saving this draft: where two cover the same urgency and hours,
    /// the oldest wins (<see cref="EscalationPlan.Choose"/>); where none covers an escalating urgency, nobody is contacted.
    /// </summary>
    private void CheckCoverage(PolicyDraft draft, Guid? policyId, IReadOnlyCollection<ActivePolicy> otherActive, Action<string, string, object[]> warning)
    {
        var active = otherActive.Where(p => p.Id != policyId).ToList();
        if (draft.IsActive)
        {
            // A new policy has no id yet and is the newest of all.
            active.Add(new ActivePolicy(policyId ?? Guid.AllBitsSet, Name(draft.Name), draft.ToVersion(Guid.Empty, Guid.Empty)));
        }
        active = [.. active.OrderBy(p => p.Id)];
        var urgencies = Escalating.Union(active.SelectMany(p => p.Version.Urgencies)).Order();
        foreach (var urgency in urgencies)
        {
            foreach (var inside in new[] { true, false })
            {
                var when = $"{text[$"Urgency_{urgency}"]}・{text[inside ? "Hours_InsideBusinessHours" : "Hours_OutsideBusinessHours"]}";
                var covering = active.Where(p => p.Version.AppliesTo(urgency, inside)).ToList();
                if (covering.Count > 1)
                {
                    var names = string.Join(text["List_Separator"], covering.Select(p => $"「{p.Name}」"));
                    warning("coverage", "Policy_CoverageOverlap", [when, names, covering[0].Name]);
                }
                else if (covering.Count == 0 && Escalating.Contains(urgency))
                {
                    warning("coverage", "Policy_CoverageMissing", [when]);
                }
            }
        }
    }

    private string Name(string name) => string.IsNullOrWhiteSpace(name) ? text["Policy_Unnamed"] : name;
}
