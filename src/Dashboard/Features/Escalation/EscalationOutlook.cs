using Dashboard.Data;
using Dashboard.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Escalation;

/// <summary>Who a coming step will contact: a named contact on a channel, or every staff member by e-mail.</summary>
public sealed record OutlookTarget(string Name, NotificationChannel Channel, bool AllStaff);

/// <summary>One attempt as watchers see it.</summary>
public sealed record OutlookAttempt(Guid Id, string RecipientName, string Address, NotificationChannel Channel,
    AttemptStatus Status, int Round, int StepIndex, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Error);

/// <summary>
/// Where an open message's escalation stands, for the feed's countdown and the board's "exhausted" alert:
/// the next step's due time and targets, and every attempt made so far. Loaded once per change per node.
/// </summary>
public sealed record EscalationOutlook(
    Guid MessageId, EscalationState State, DateTimeOffset NextDueAt, int StepNumber, int StepCount, int Round, int Rounds,
    IReadOnlyList<OutlookTarget> NextTargets, IReadOnlyList<OutlookAttempt> Attempts)
{
    public bool IsCountingDown => State == EscalationState.Active;

    public static async Task<EscalationOutlook?> LoadAsync(AppDbContext db, Guid messageId, CancellationToken cancellationToken) =>
        (await LoadAsync(db, [messageId], cancellationToken)).GetValueOrDefault(messageId);

    /// <summary>Outlooks of the given messages that have an escalation; the tenant query filter applies.</summary>
    public static async Task<Dictionary<Guid, EscalationOutlook>> LoadAsync(AppDbContext db, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return [];
        }
        // The escalation and its policy version in one round trip: a feed open reads this for every open message it holds.
        var escalations = await (
            from e in db.MessageEscalations.AsNoTracking()
            where messageIds.Contains(e.MessageId)
            join v in db.EscalationPolicyVersions.AsNoTracking() on e.PolicyVersionId equals v.Id
            select new { Escalation = e, Version = v }).ToListAsync(cancellationToken);
        if (escalations.Count == 0)
        {
            return [];
        }
        // Names only for the contacts a coming step will reach: none to look up while no escalation is counting down.
        var contactIds = escalations.Where(x => x.Escalation.State == EscalationState.Active && x.Escalation.StepIndex < x.Version.Steps.Count)
            .SelectMany(x => x.Version.Steps[x.Escalation.StepIndex].Targets)
            .Where(t => t.ContactId is not null).Select(t => t.ContactId!.Value).Distinct().ToList();
        var contacts = contactIds.Count == 0
            ? []
            : await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var escalatingIds = escalations.Select(x => x.Escalation.MessageId).ToList();
        var attempts = (await db.NotificationAttempts.AsNoTracking().Where(a => escalatingIds.Contains(a.MessageId))
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Channel).ThenBy(a => a.RecipientName).ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId);

        return escalations.ToDictionary(x => x.Escalation.MessageId, x =>
        {
            var (e, version) = (x.Escalation, x.Version);
            var targets = e.State == EscalationState.Active && e.StepIndex < version.Steps.Count
                ? version.Steps[e.StepIndex].Targets.Select(t => t.Kind == TargetKind.AllStaff
                    ? new OutlookTarget("", EscalationTarget.AllStaffChannel, AllStaff: true)
                    : new OutlookTarget(contacts.GetValueOrDefault(t.ContactId ?? Guid.Empty, "?"), t.Channel, AllStaff: false)).ToList()
                : [];
            return new EscalationOutlook(e.MessageId, e.State, e.NextDueAt, e.StepIndex + 1, version.Steps.Count, e.Round + 1,
                Math.Max(1, version.Repeats), targets,
                [.. attempts[e.MessageId].Select(a => new OutlookAttempt(a.Id, a.RecipientName, a.Address, a.Channel, a.Status,
                    a.Round, a.StepIndex, a.CreatedAt, a.UpdatedAt, a.Error))]);
        });
    }
}
