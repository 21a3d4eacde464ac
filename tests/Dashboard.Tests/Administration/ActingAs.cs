using Dashboard.Features.Accounts;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Administration;

/// <summary>A service scope of the running app acting as a signed-in user, as a page's circuit would: their tenant scope and their name in the audit log.</summary>
internal static class ActingAs
{
    public static async Task<AsyncServiceScope> UserAsync(AppFixture fixture, string email)
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        var principal = await PrincipalAsync(fixture, email);
        await scope.ServiceProvider.GetRequiredService<TenantScope>().ApplyAsync(tenant, principal, TestContext.Current.CancellationToken);
        return scope;
    }

    /// <summary>The user as signing in would make them: their claims, roles and tenant.</summary>
    public static async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(AppFixture fixture, string email)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>()
            .CreateAsync((await users.FindByEmailAsync(email))!);
    }

    public static async Task<Guid> UserIdAsync(AppFixture fixture, string email)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return db.Users.Single(u => u.Email == email).Id;
    }
}
