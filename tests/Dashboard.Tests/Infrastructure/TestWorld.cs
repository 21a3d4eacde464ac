using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Demo;
using Dashboard.Features.Tenancy;
using Dashboard.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Infrastructure;

/// <summary>
/// Two tenants (A and B), their staff, the service's operator, and API keys of each kind: the cast of every
/// cross-tenant test. <see cref="SeedAsync"/> writes them through the app's own services.
/// </summary>
public sealed class TestWorld
{
    public const string Password = "Test-Pass-2026!";
    public const string OperatorKey = "dsk_test_operator_centre";
    public const string TenantAKey = "dsk_test_tenant_a";
    public const string TenantBKey = "dsk_test_tenant_b";

    public const string StaffA1 = "a1@alpha.example";
    public const string StaffA2 = "a2@alpha.example";
    public const string StaffB = "b1@beta.example";
    public const string Operator = "operator@service.example";
    public const string Admin = "admin@service.example";
    /// <summary>Account manager assigned to tenant A only.</summary>
    public const string ManagerA = "manager-a@service.example";

    public Tenant TenantA { get; private set; } = default!;
    public Tenant TenantB { get; private set; } = default!;

    public static async Task<TestWorld> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        var provider = scope.ServiceProvider;
        await DemoSeeder.EnsureRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole<Guid>>>());

        var world = new TestWorld
        {
            TenantA = new Tenant { Slug = "alpha-clinic", DisplayName = "アルファ歯科" },
            TenantB = new Tenant { Slug = "beta-build", DisplayName = "ベータ建設" },
        };
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.Tenants.AddRange(world.TenantA, world.TenantB);
            await db.SaveChangesAsync();
        }

        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        await AddUserAsync(users, StaffA1, "スタッフA1", Roles.ClientStaff, world.TenantA.Id);
        await AddUserAsync(users, StaffA2, "スタッフA2", Roles.ClientStaff, world.TenantA.Id);
        await AddUserAsync(users, StaffB, "スタッフB", Roles.ClientStaff, world.TenantB.Id);
        await AddUserAsync(users, Operator, "オペレーター", Roles.Operator, null);
        await AddUserAsync(users, Admin, "管理者", Roles.Admin, null);
        var manager = await AddUserAsync(users, ManagerA, "営業A", Roles.AccountManager, null);
        await using (var db = await provider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            db.AccountManagerAssignments.Add(new AccountManagerAssignment { UserId = manager.Id, TenantId = world.TenantA.Id, AssignedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var keys = provider.GetRequiredService<ApiKeyService>();
        await keys.CreateAsync("Test centre", ApiKeyScope.OperatorCentre, null, CancellationToken.None, OperatorKey);
        await keys.CreateAsync("Tenant A system", ApiKeyScope.Tenant, world.TenantA.Id, CancellationToken.None, TenantAKey);
        await keys.CreateAsync("Tenant B system", ApiKeyScope.Tenant, world.TenantB.Id, CancellationToken.None, TenantBKey);
        return world;
    }

    private static async Task<ApplicationUser> AddUserAsync(UserManager<ApplicationUser> users, string email, string name, string role, Guid? tenantId)
    {
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = name, TenantId = tenantId, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, role);
        return user;
    }
}
