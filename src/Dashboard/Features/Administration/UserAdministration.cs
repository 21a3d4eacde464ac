using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Dashboard.Features.Accounts;
using Dashboard.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Administration;

public sealed record UserRow(Guid Id, string Email, string DisplayName, string? Role, Guid? TenantId, bool IsActive, Guid[] ManagedTenantIds);

public sealed record NewUser(string Email, string DisplayName, string Role, Guid? TenantId);

/// <summary>
/// Users for Admins: create (with a first password shown once), one role each, a tenant for client staff only,
/// account managers' tenants, deactivate. Every change goes through tracked entities so the audit log sees it, and
/// every change to who someone is (active, role, tenant) replaces their security stamp, which signs them out everywhere.
/// </summary>
public sealed class UserAdministration(
    IDbContextFactory<AppDbContext> dbFactory, IPasswordHasher<ApplicationUser> hasher, ILookupNormalizer normalizer,
    TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var assignments = await db.AccountManagerAssignments.AsNoTracking().ToListAsync(cancellationToken);
        return [.. users.Select(u => new UserRow(
            u.Id, u.Email ?? "", u.DisplayName, roles.FirstOrDefault(r => r.UserId == u.Id)?.Name, u.TenantId, u.IsActive,
            [.. assignments.Where(a => a.UserId == u.Id).Select(a => a.TenantId)]))];
    }

    /// <summary>Creates the user and returns their first password, which is stored only as a hash.</summary>
    public async Task<(AdminOutcome Outcome, string? Password)> CreateAsync(NewUser input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var email = input.Email.Trim();
        var errors = new Dictionary<string, string>();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            errors["email"] = text["Admin_EmailInvalid"];
        }
        if (string.IsNullOrWhiteSpace(input.DisplayName))
        {
            errors["displayName"] = text["Validation_Required"];
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await RoleAndTenantErrorAsync(db, input.Role, input.TenantId, cancellationToken) is { } roleError)
        {
            errors[roleError.Field] = roleError.Message;
        }
        var normalizedEmail = normalizer.NormalizeEmail(email);
        if (!errors.ContainsKey("email") && await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            errors["email"] = text["Admin_EmailTaken"];
        }
        if (errors.Count > 0)
        {
            return (new AdminOutcome(errors), null);
        }

        var password = InitialPassword.Create();
        var user = new ApplicationUser
        {
            UserName = email, NormalizedUserName = normalizer.NormalizeName(email), Email = email, NormalizedEmail = normalizedEmail,
            EmailConfirmed = true, DisplayName = input.DisplayName.Trim(), TenantId = input.TenantId, LockoutEnabled = true,
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = await RoleIdAsync(db, input.Role, cancellationToken) });
        AuditRole(db, user, null, input.Role);
        await db.SaveChangesAsync(cancellationToken);
        return (AdminOutcome.Ok, password);
    }

    /// <summary>One role per user; client staff belong to exactly one tenant, everyone else to none.</summary>
    public async Task<AdminOutcome> ChangeRoleAsync(Guid userId, string role, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (userId == db.Tenant.UserId)
        {
            return AdminOutcome.Fail("", text["Admin_NotYourself"]);
        }
        if (await RoleAndTenantErrorAsync(db, role, tenantId, cancellationToken) is { } error)
        {
            return AdminOutcome.Fail(error.Field, error.Message);
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        var current = await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(cancellationToken);
        var roleId = await RoleIdAsync(db, role, cancellationToken);
        var previousRole = await db.Roles.Where(r => current.Select(c => c.RoleId).Contains(r.Id)).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken);
        if (current.Count != 1 || current[0].RoleId != roleId)
        {
            db.UserRoles.RemoveRange(current);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = userId, RoleId = roleId });
            AuditRole(db, user, previousRole, role);
        }
        if (role != Roles.AccountManager)
        {
            db.AccountManagerAssignments.RemoveRange(await db.AccountManagerAssignments.Where(a => a.UserId == userId).ToListAsync(cancellationToken));
        }
        user.TenantId = tenantId;
        SignOutEverywhere(user);
        await db.SaveChangesAsync(cancellationToken);
        await new Accounts.AccessRevoked(Accounts.RevokedKind.User, user.Id).SendAsync(db, cancellationToken);
        return AdminOutcome.Ok;
    }

    public async Task<AdminOutcome> SetActiveAsync(Guid userId, bool active, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (userId == db.Tenant.UserId)
        {
            return AdminOutcome.Fail("", text["Admin_NotYourself"]);
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (user.IsActive == active)
        {
            return AdminOutcome.Ok;
        }
        user.IsActive = active;
        SignOutEverywhere(user);
        await db.SaveChangesAsync(cancellationToken);
        if (!active)
        {
            await new Accounts.AccessRevoked(Accounts.RevokedKind.User, user.Id).SendAsync(db, cancellationToken);
        }
        return AdminOutcome.Ok;
    }

    /// <summary>
    /// Sets which tenants an account manager looks after. No sign-out: their scope is read afresh on every HTTP request,
    /// and an open dashboard (circuit) re-reads it when the NOTIFY below reaches its node.
    /// </summary>
    public async Task<AdminOutcome> SetAssignmentsAsync(Guid userId, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var isManager = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                               where ur.UserId == userId && r.Name == Roles.AccountManager select ur).AnyAsync(cancellationToken);
        if (!isManager)
        {
            return AdminOutcome.Fail("tenants", text["Admin_NotAccountManager"]);
        }
        if (await db.Tenants.CountAsync(t => tenantIds.Contains(t.Id), cancellationToken) != tenantIds.Distinct().Count())
        {
            return AdminOutcome.Fail("tenants", text["Admin_TenantUnknown"]);
        }
        var existing = await db.AccountManagerAssignments.Where(a => a.UserId == userId).ToListAsync(cancellationToken);
        db.AccountManagerAssignments.RemoveRange(existing.Where(a => !tenantIds.Contains(a.TenantId)));
        var now = time.GetUtcNow();
        foreach (var tenantId in tenantIds.Distinct().Where(id => existing.All(a => a.TenantId != id)))
        {
            db.AccountManagerAssignments.Add(new AccountManagerAssignment { UserId = userId, TenantId = tenantId, AssignedAt = now });
        }
        await db.SaveChangesAsync(cancellationToken);
        // Their open dashboards re-read the assignments now, and their hub connections reconnect into the new groups.
        await new Accounts.AccessRevoked(Accounts.RevokedKind.User, userId).SendAsync(db, cancellationToken);
        return AdminOutcome.Ok;
    }

    private async Task<(string Field, string Message)?> RoleAndTenantErrorAsync(AppDbContext db, string role, Guid? tenantId, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(role))
        {
            return ("role", text["Admin_RoleInvalid"]);
        }
        if (role == Roles.ClientStaff)
        {
            if (tenantId is null)
            {
                return ("tenant", text["Validation_TenantRequired"]);
            }
            if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken))
            {
                return ("tenant", text["Admin_TenantUnknown"]);
            }
            return null;
        }
        return tenantId is null ? null : ("tenant", text["Admin_TenantOnlyForStaff"]);
    }

    private static async Task<Guid> RoleIdAsync(AppDbContext db, string role, CancellationToken cancellationToken) =>
        await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync(cancellationToken);

    /// <summary>A new stamp invalidates every cookie and open dashboard of this user within seconds.</summary>
    private static void SignOutEverywhere(ApplicationUser user)
    {
        user.SecurityStamp = Guid.NewGuid().ToString();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    /// <summary>Role rows are Identity's join table, which the audit trail does not watch: the change is written here, beside the user's.</summary>
    private void AuditRole(AppDbContext db, ApplicationUser user, string? before, string after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(), TenantId = user.TenantId, ActorUserId = db.Tenant.UserId, ActorName = db.Tenant.ActorName,
            Entity = UserRoleEntity, EntityId = user.Id.ToString(), Action = before is null ? AuditAction.Created : AuditAction.Updated,
            Before = before is null ? null : JsonSerializer.Serialize(new { Role = before }),
            After = JsonSerializer.Serialize(new { Role = after }),
        });

    public const string UserRoleEntity = "UserRole";
}
