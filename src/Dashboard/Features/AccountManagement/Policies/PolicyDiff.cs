using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.AccountManagement.Policies;

/// <summary>
/// What changed between two versions, as sentences in the reader's language ("Step 2: delay 5 → 10 min; added 院長 (phone)").
/// Steps are compared by position: a reordering reads as the steps' contents changing places.
/// </summary>
public sealed class PolicyDiff(IStringLocalizer text, Func<Guid?, string> contactName, NotificationChannelCatalog channels)
{
    public IReadOnlyList<string> Describe(EscalationPolicyVersion? previous, EscalationPolicyVersion current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return [text["PolicyDiff_Created"]];
        }
        var lines = new List<string>();
        if (!previous.Urgencies.Order().SequenceEqual(current.Urgencies.Order()))
        {
            lines.Add(text["PolicyDiff_Urgencies", Urgencies(previous), Urgencies(current)]);
        }
        if (previous.Hours != current.Hours)
        {
            lines.Add(text["PolicyDiff_Hours", text[$"Hours_{previous.Hours}"], text[$"Hours_{current.Hours}"]]);
        }
        if (previous.Repeats != current.Repeats)
        {
            lines.Add(text["PolicyDiff_Repeats", previous.Repeats, current.Repeats]);
        }
        for (var i = 0; i < Math.Max(previous.Steps.Count, current.Steps.Count); i++)
        {
            var number = i + 1;
            if (i >= current.Steps.Count)
            {
                lines.Add(text["PolicyDiff_StepRemoved", number]);
            }
            else if (i >= previous.Steps.Count)
            {
                var step = current.Steps[i];
                lines.Add(text["PolicyDiff_StepAdded", number, step.DelayMinutes, Targets(step.Targets)]);
            }
            else if (StepChanges(previous.Steps[i], current.Steps[i]) is { Count: > 0 } changes)
            {
                lines.Add(text["PolicyDiff_Step", number, string.Join(text["PolicyDiff_Separator"], changes)]);
            }
        }
        return lines.Count == 0 ? [text["PolicyDiff_NoChange"]] : lines;
    }

    private List<string> StepChanges(EscalationStep before, EscalationStep after)
    {
        var changes = new List<string>();
        if (before.DelayMinutes != after.DelayMinutes)
        {
            changes.Add(text["PolicyDiff_Delay", before.DelayMinutes, after.DelayMinutes]);
        }
        var was = before.Targets.Select(Target).ToList();
        var now = after.Targets.Select(Target).ToList();
        changes.AddRange(now.Except(was).Select(t => text["PolicyDiff_TargetAdded", t].Value));
        changes.AddRange(was.Except(now).Select(t => text["PolicyDiff_TargetRemoved", t].Value));
        return changes;
    }

    private string Urgencies(EscalationPolicyVersion version) =>
        string.Join(text["List_Separator"], version.Urgencies.Order().Select(u => text[$"Urgency_{u}"].Value));

    private string Targets(IEnumerable<EscalationTarget> targets) => string.Join(text["List_Separator"], targets.Select(Target));

    public string Target(EscalationTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var who = target.Kind == TargetKind.AllStaff ? text["Escalation_AllStaff"].Value : contactName(target.ContactId);
        return text["Policy_TargetWithChannel", who, text[channels.NameKey(target.Channel)]];
    }
}
