using System.Net;
using Dashboard.Features.Accounts;
using Dashboard.Features.Administration;
using Dashboard.Features.Audit;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Administration;

/// <summary>Creating, changing and deactivating users and tenants through the services the admin pages use, against the real app.</summary>
public sealed class UserAdministrationTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task CreatedUser_SignsInWithTheFirstPassword_AndTheCreationIsAuditedWithTheRole()
    {
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var (outcome, password) = await admin.CreateAsync(new NewUser(" new-staff@alpha.example ", "新人", Roles.ClientStaff, fixture.World.TenantA.Id), Token);

        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Values));
        using var client = await SignedInClient.CreateAsync(fixture.App.BaseAddress, "new-staff@alpha.example", password!);
        using var feed = await client.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var user = await check.Users.SingleAsync(u => u.Email == "new-staff@alpha.example", Token);
        var role = await check.AuditEntries.SingleAsync(a => a.Entity == UserAdministration.UserRoleEntity && a.EntityId == user.Id.ToString(), Token);
        Assert.Equal("管理者", role.ActorName);
        Assert.Equal(fixture.World.TenantA.Id, role.TenantId);
        Assert.Contains("ClientStaff", role.After, StringComparison.Ordinal);
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Entity == "ApplicationUser" && a.EntityId == user.Id.ToString() && a.Action == AuditAction.Created, Token));
    }

    [Theory]
    [InlineData("x@alpha.example", "名前", Roles.ClientStaff, false, "tenant")]
    [InlineData("x@service.example", "名前", Roles.Operator, true, "tenant")]
    [InlineData("not-an-address", "名前", Roles.Operator, false, "email")]
    [InlineData("x@service.example", " ", Roles.Operator, false, "displayName")]
    [InlineData("x@service.example", "名前", "Root", false, "role")]
    [InlineData(TestWorld.StaffA1, "名前", Roles.ClientStaff, true, "email")]
    public async Task Create_RefusesBadInput_NamingTheField(string email, string name, string role, bool withTenant, string field)
    {
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        var (outcome, password) = await admin.CreateAsync(new NewUser(email, name, role, withTenant ? fixture.World.TenantA.Id : null), Token);

        Assert.Null(password);
        Assert.True(outcome.Errors.ContainsKey(field), string.Join(", ", outcome.Errors.Keys));
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Equal(6, await check.Users.CountAsync(Token));
    }

    [Fact]
    public async Task DeactivatedUser_IsRefusedOnTheNextRequest_AndCannotSignInAgain_UntilReactivated()
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);
        using (var before = await staff.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        var staffId = await ActingAs.UserIdAsync(fixture, TestWorld.StaffA1);
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        Assert.True((await admin.SetActiveAsync(staffId, false, Token)).Succeeded);

        using (var after = await staff.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.StartsWith("/Account/Login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.SignInAsync(TestWorld.StaffA1));
        Assert.Contains("停止されています", await FailedSignInPageAsync(TestWorld.StaffA1, TestWorld.Password), StringComparison.Ordinal);
        // A wrong password says nothing about the account's state.
        Assert.DoesNotContain("停止されています", await FailedSignInPageAsync(TestWorld.StaffA1, "wrong-password-1A!"), StringComparison.Ordinal);

        Assert.True((await admin.SetActiveAsync(staffId, true, Token)).Succeeded);
        using var again = await fixture.SignInAsync(TestWorld.StaffA1);
        using var feed = await again.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
    }

    [Fact]
    public async Task DeactivatedTenant_ItsStaffAndKeysAreRefusedAtOnce_OtherTenantsAreNot()
    {
        using var staffB = await fixture.SignInAsync(TestWorld.StaffB);
        using var keyB = fixture.KeyClient(TestWorld.TenantBKey);
        using var keyA = fixture.KeyClient(TestWorld.TenantAKey);
        await using (var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin))
        {
            await scope.ServiceProvider.GetRequiredService<TenantAdministration>().SetActiveAsync(fixture.World.TenantB.Id, false, Token);
        }

        using (var feed = await staffB.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, feed.StatusCode);
            Assert.StartsWith("/Account/Login", feed.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.SignInAsync(TestWorld.StaffB));
        using (var listB = await keyB.GetAsync(new Uri("/api/v1/messages", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, listB.StatusCode);
        }
        // Control: tenant A's staff and key are untouched.
        using (var listA = await keyA.GetAsync(new Uri("/api/v1/messages", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.OK, listA.StatusCode);
        }
        using var staffA = await fixture.SignInAsync(TestWorld.StaffA1);
        using var feedA = await staffA.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, feedA.StatusCode);
    }

    [Fact]
    public async Task RoleChange_SignsTheUserOut_ClearsTheTenant_AndIsAudited()
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);
        var staffId = await ActingAs.UserIdAsync(fixture, TestWorld.StaffA1);
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        Assert.False((await admin.ChangeRoleAsync(staffId, Roles.Operator, fixture.World.TenantA.Id, Token)).Succeeded);
        var outcome = await admin.ChangeRoleAsync(staffId, Roles.Operator, null, Token);

        Assert.True(outcome.Succeeded);
        using (var after = await staff.Http.GetAsync(new Uri("/feed", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        }
        using var asOperator = await fixture.SignInAsync(TestWorld.StaffA1);
        using var console = await asOperator.Http.GetAsync(new Uri("/console", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Null((await check.Users.SingleAsync(u => u.Id == staffId, Token)).TenantId);
        var role = await check.AuditEntries.SingleAsync(a => a.Entity == UserAdministration.UserRoleEntity && a.EntityId == staffId.ToString(), Token);
        Assert.Equal([new JsonChange("Role", Roles.ClientStaff, Roles.Operator)], JsonDiff.Compare(role.Before, role.After));
    }

    [Fact]
    public async Task Admin_CannotDeactivateOrDemoteThemselves()
    {
        var adminId = await ActingAs.UserIdAsync(fixture, TestWorld.Admin);
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        Assert.False((await admin.SetActiveAsync(adminId, false, Token)).Succeeded);
        Assert.False((await admin.ChangeRoleAsync(adminId, Roles.Operator, null, Token)).Succeeded);
        using var stillAdmin = await fixture.SignInAsync(TestWorld.Admin);
        using var page = await stillAdmin.Http.GetAsync(new Uri("/admin/users", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Assignments_AddAndRemoveTenants_Audited_AndTheManagerSeesThemOnTheNextRequest()
    {
        var managerId = await ActingAs.UserIdAsync(fixture, TestWorld.ManagerA);
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        Assert.True((await admin.SetAssignmentsAsync(managerId, [fixture.World.TenantB.Id], Token)).Succeeded);

        var page = WebUtility.HtmlDecode(await manager.Http.GetStringAsync(new Uri("/admin/audit", UriKind.Relative), Token));
        Assert.Contains("ベータ建設", page, StringComparison.Ordinal);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Equal([fixture.World.TenantB.Id], await check.AccountManagerAssignments.Where(a => a.UserId == managerId).Select(a => a.TenantId).ToListAsync(Token));
        var changes = await check.AuditEntries.Where(a => a.Entity == "AccountManagerAssignment" && a.ActorName == "管理者").Select(a => a.Action).ToListAsync(Token);
        Assert.Equal([AuditAction.Created, AuditAction.Deleted], changes.Order());
        var staffId = await ActingAs.UserIdAsync(fixture, TestWorld.StaffA1);
        Assert.False((await admin.SetAssignmentsAsync(staffId, [fixture.World.TenantA.Id], Token)).Succeeded);
    }

    [Theory]
    [InlineData("gamma-corp", true)]
    [InlineData("g1", true)]
    [InlineData("Gamma", false)]
    [InlineData("-gamma", false)]
    [InlineData("gamma-", false)]
    [InlineData("gam--ma", false)]
    [InlineData("gam_ma", false)]
    [InlineData("ガンマ", false)]
    [InlineData("", false)]
    public void Slug_AllowsLowercaseLettersDigitsAndSingleHyphens(string slug, bool valid) =>
        Assert.Equal(valid, TenantAdministration.IsValidSlug(slug));

    [Fact]
    public async Task CreateTenant_ChecksSlugUniquenessAndTimeZone_AndIsAudited()
    {
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin);
        var admin = scope.ServiceProvider.GetRequiredService<TenantAdministration>();

        var taken = await admin.CreateAsync(new NewTenant("alpha-clinic", "重複", "Asia/Tokyo"), Token);
        var badZone = await admin.CreateAsync(new NewTenant("gamma", "ガンマ", "Mars/Olympus"), Token);
        var created = await admin.CreateAsync(new NewTenant("gamma", "ガンマ", "Europe/Berlin"), Token);

        Assert.True(taken.Errors.ContainsKey("slug"));
        Assert.True(badZone.Errors.ContainsKey("timeZone"));
        Assert.True(created.Succeeded);
        Assert.Contains("Asia/Tokyo", TenantAdministration.TimeZoneIds);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var tenant = await check.Tenants.SingleAsync(t => t.Slug == "gamma", Token);
        Assert.Equal("Europe/Berlin", tenant.TimeZoneId);
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Entity == "Tenant" && a.TenantId == tenant.Id && a.ActorName == "管理者", Token));
    }

    private async Task<string> FailedSignInPageAsync(string email, string password)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        using var response = await SignedInClient.PostSignInFormAsync(http, email, password);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Token));
    }
}
