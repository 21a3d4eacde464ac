using System.Net;
using Dashboard.Data;
using Dashboard.Features.AccountManagement.Hours;
using Dashboard.Features.Contacts;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>
/// The console's pages and services keep an account manager inside their assigned tenants, keep client staff out of
/// /manage, and let client staff change only their own contact.
/// </summary>
public sealed class AccountManagementPermissionTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private Contact contactOfB = default!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        contactOfB = new Contact { TenantId = fixture.World.TenantB.Id, Name = "ベータ 担当", Phone = "+819055556666" };
        db.Contacts.Add(contactOfB);
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("/manage/beta-build")]
    [InlineData("/manage/beta-build/contacts")]
    [InlineData("/manage/beta-build/hours")]
    [InlineData("/manage/no-such-tenant/contacts")]
    public async Task ManagerOfTenantA_Gets404_ForTenantBPages(string path)
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var response = await manager.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/manage")]
    [InlineData("/manage/alpha-clinic")]
    [InlineData("/manage/alpha-clinic/contacts")]
    [InlineData("/manage/alpha-clinic/hours")]
    public async Task ManagerOfTenantA_ReadsTenantAPages(string path)
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var response = await manager.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Token);
        Assert.DoesNotContain(fixture.World.TenantB.Slug, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagersList_ShowsOnlyAssignedTenants_AdminsListShowsAll()
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);
        using var admin = await fixture.SignInAsync(TestWorld.Admin);

        var managerList = await manager.Http.GetStringAsync(new Uri("/manage", UriKind.Relative), Token);
        var adminList = await admin.Http.GetStringAsync(new Uri("/manage", UriKind.Relative), Token);

        // Rendered text is HTML-encoded; the slugs in the links are plain.
        Assert.Contains("/manage/alpha-clinic", managerList, StringComparison.Ordinal);
        Assert.DoesNotContain("/manage/beta-build", managerList, StringComparison.Ordinal);
        Assert.Contains("/manage/beta-build", adminList, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/manage")]
    [InlineData("/manage/alpha-clinic/contacts")]
    public async Task ClientStaff_CannotReachManage(string path)
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);

        using var response = await staff.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Contains("AccessDenied", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ManagerOfTenantA_CannotChangeTenantBsContactsOrHours()
    {
        await using var scope = ManagerScope();
        var contacts = scope.ServiceProvider.GetRequiredService<ContactEditor>();
        var hours = scope.ServiceProvider.GetRequiredService<HoursEditor>();
        var tenantB = fixture.World.TenantB.Id;

        await Assert.ThrowsAsync<ContactNotFoundException>(() =>
            contacts.SaveAsync(tenantB, contactOfB.Id, new ContactInput { Name = "乗っ取り", Phone = "03-1234-5678" }, Token));
        await Assert.ThrowsAsync<ContactNotFoundException>(() => contacts.SetActiveAsync(tenantB, contactOfB.Id, false, Token));
        await Assert.ThrowsAsync<TenantIsolationException>(() =>
            contacts.SaveAsync(tenantB, null, new ContactInput { Name = "潜入" }, Token));
        await Assert.ThrowsAsync<TenantIsolationException>(() =>
            hours.SaveWeeklyAsync(tenantB, [new DayHoursInput { Day = DayOfWeek.Monday, IsOpen = true }], true, Token));
        await Assert.ThrowsAsync<TenantIsolationException>(() => hours.AddClosedDateAsync(tenantB, new DateOnly(2026, 12, 29), "年末", Token));

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var stored = await db.Contacts.SingleAsync(c => c.TenantId == tenantB, Token);
        Assert.Equal(("ベータ 担当", "+819055556666", true), (stored.Name, stored.Phone, stored.IsActive));
        Assert.False(await db.BusinessHours.AnyAsync(h => h.TenantId == tenantB, Token));
        Assert.False(await db.ClosedDates.AnyAsync(Token));
    }

    [Fact]
    public async Task MePage_IsForClientStaff_NotForManagers()
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var own = await staff.Http.GetAsync(new Uri("/me", UriKind.Relative), Token);
        using var other = await manager.Http.GetAsync(new Uri("/me", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task SaveOwn_ChangesOnlyTheStaffMembersOwnContact_CreatingItOnce()
    {
        Guid staffA1;
        Contact colleague;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            staffA1 = (await db.Users.SingleAsync(u => u.Email == TestWorld.StaffA1, Token)).Id;
            var staffA2 = (await db.Users.SingleAsync(u => u.Email == TestWorld.StaffA2, Token)).Id;
            colleague = new Contact { TenantId = fixture.World.TenantA.Id, Name = "スタッフA2", UserId = staffA2, Phone = "+819077778888" };
            db.Contacts.Add(colleague);
            await db.SaveChangesAsync(Token);
        }
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
        var editor = scope.ServiceProvider.GetRequiredService<ContactEditor>();

        var first = await editor.SaveOwnAsync(fixture.World.TenantA.Id, staffA1, "スタッフA1",
            new ContactInput { Phone = "080-1111-2222", Email = "a1@alpha.example", Language = "en" }, Token);
        var second = await editor.SaveOwnAsync(fixture.World.TenantA.Id, staffA1, "スタッフA1",
            new ContactInput { Phone = "080-3333-4444", Email = "a1@alpha.example", Language = "ja", Name = "別人" }, Token);

        Assert.True(first.Succeeded);
        Assert.Equal(first.Contact!.Id, second.Contact!.Id);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var own = await check.Contacts.SingleAsync(c => c.UserId == staffA1, Token);
        Assert.Equal(("スタッフA1", "+818033334444", "ja"), (own.Name, own.Phone, own.Language));
        var untouched = await check.Contacts.SingleAsync(c => c.Id == colleague.Id, Token);
        Assert.Equal("+819077778888", untouched.Phone);
        Assert.Equal(3, await check.Contacts.CountAsync(Token));
    }

    private AsyncServiceScope ManagerScope()
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
        return scope;
    }
}
