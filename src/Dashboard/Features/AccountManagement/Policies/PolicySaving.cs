using Dashboard.Data;
using Dashboard.Features.Escalation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Dashboard.Features.AccountManagement.Policies;

public enum SaveOutcome
{
    Saved,
    /// <summary>The policy does not exist or is not visible to this user.</summary>
    NotFound,
    /// <summary>Someone saved a newer version since the draft was opened: nothing was written.</summary>
    Conflict,
}

public sealed record SaveResult(SaveOutcome Outcome, EscalationPolicy? Policy);

/// <summary>
/// Saving a policy: a new immutable version numbered after the last, and the policy pointing at it, written through
/// tracked entities so that the save check refuses another tenant's policy and the audit log records the change.
/// Messages already escalating keep the version id they started with. Scoped: the editor page saves through
/// <see cref="SaveAsync(Guid, Guid?, PolicyDraft, string, DateTimeOffset, CancellationToken)"/>, in a context of its own.
/// </summary>
public sealed class PolicySaving(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<SaveResult> SaveAsync(
        Guid tenantId, Guid? policyId, PolicyDraft draft, string actorName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await SaveAsync(db, tenantId, policyId, draft, actorName, now, cancellationToken);
    }

    public static async Task<SaveResult> SaveAsync(
        AppDbContext db, Guid tenantId, Guid? policyId, PolicyDraft draft, string actorName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(draft);
        EscalationPolicy? policy;
        if (policyId is { } id)
        {
            // The query filter hides another tenant's policy: it is simply not found.
            policy = await db.EscalationPolicies.FirstOrDefaultAsync(p => p.Id == id && p.TenantId == tenantId, cancellationToken);
            if (policy is null)
            {
                return new SaveResult(SaveOutcome.NotFound, null);
            }
            if (policy.CurrentVersion != draft.BaseVersion)
            {
                return new SaveResult(SaveOutcome.Conflict, policy);
            }
        }
        else
        {
            policy = new EscalationPolicy { TenantId = tenantId, Name = draft.Name.Trim() };
            db.EscalationPolicies.Add(policy);
        }

        var last = await db.EscalationPolicyVersions.Where(v => v.PolicyId == policy.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        var version = draft.ToVersion(tenantId, policy.Id);
        version.Version = last + 1;
        version.CreatedAt = now;
        version.CreatedBy = actorName;
        db.EscalationPolicyVersions.Add(version);
        policy.Name = draft.Name.Trim();
        policy.IsActive = draft.IsActive;
        policy.CurrentVersion = version.Version;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two saves of the same version at once: the unique (policy, version) index lets one win.
            return new SaveResult(SaveOutcome.Conflict, policy);
        }
        return new SaveResult(SaveOutcome.Saved, policy);
    }
}
