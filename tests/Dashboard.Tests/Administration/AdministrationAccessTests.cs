using System.Net;
using System.Net.Http.Json;
using Dashboard.Data;
using Dashboard.Features.Administration;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Contacts;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Administration;

/// <summary>Who may open the administration pages, the audit log and Hangfire's dashboard, over real HTTP with real sign-in cookies.</summary>
public sealed class AdministrationAccessTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static TheoryData<string, string> RefusedVisits => new()
    {
        { TestWorld.Operator, "/admin/users" }, { TestWorld.ManagerA, "/admin/users" }, { TestWorld.StaffA1, "/admin/users" },
        { TestWorld.Operator, "/admin/tenants" }, { TestWorld.ManagerA, "/admin/tenants" }, { TestWorld.StaffA1, "/admin/tenants" },
        { TestWorld.Operator, "/jobs" }, { TestWorld.ManagerA, "/jobs" }, { TestWorld.StaffA1, "/jobs" },
        { TestWorld.Operator, "/admin/audit" }, { TestWorld.StaffA1, "/admin/audit" },
    };

    [Theory]
    [MemberData(nameof(RefusedVisits))]
    public async Task NonAdmin_IsSentToAccessDenied(string email, string path)
    {
        using var user = await fixture.SignInAsync(email);

        using var response = await user.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/admin/tenants")]
    [InlineData("/admin/audit")]
    [InlineData("/jobs")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/users", "admin@service.example")]
    [InlineData("/admin/tenants", "beta-build")]
    [InlineData("/admin/audit", "audit-entry")]
    [InlineData("/jobs", "Hangfire")]
    public async Task Admin_OpensEveryAdministrationPage(string path, string shown)
    {
        using var admin = await fixture.SignInAsync(TestWorld.Admin);

        using var response = await admin.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(shown, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Token)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_ShowsAnAccountManagerOnlyTheirTenantsEntries_AndAnAdminAll()
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Contacts.Add(new Contact { TenantId = fixture.World.TenantA.Id, Name = "連絡先-アルファ" });
            db.Contacts.Add(new Contact { TenantId = fixture.World.TenantB.Id, Name = "連絡先-ベータ" });
            var operatorUser = await db.Users.SingleAsync(u => u.Email == TestWorld.Operator, Token);
            operatorUser.DisplayName = "オペレーター改名";
            await db.SaveChangesAsync(Token);
        }
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);
        using var admin = await fixture.SignInAsync(TestWorld.Admin);

        var managerPage = WebUtility.HtmlDecode(await manager.Http.GetStringAsync(new Uri("/admin/audit", UriKind.Relative), Token));
        var adminPage = WebUtility.HtmlDecode(await admin.Http.GetStringAsync(new Uri("/admin/audit", UriKind.Relative), Token));

        Assert.Contains("連絡先-アルファ", managerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("連絡先-ベータ", managerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("オペレーター改名", managerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Test centre", managerPage, StringComparison.Ordinal);
        Assert.Contains("連絡先-アルファ", adminPage, StringComparison.Ordinal);
        Assert.Contains("連絡先-ベータ", adminPage, StringComparison.Ordinal);
        Assert.Contains("オペレーター改名", adminPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_ForAManager_HoldsOnlyEntriesOfAssignedTenants_FilteredByEntityAndActor()
    {
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.ManagerA);
        var reader = scope.ServiceProvider.GetRequiredService<Dashboard.Features.Tenancy.TenantContext>();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Token);
        db.Contacts.Add(new Contact { TenantId = fixture.World.TenantA.Id, Name = "新しい連絡先" });
        await db.SaveChangesAsync(Token);

        var all = await AuditLog.ReadAsync(db, reader, new AuditFilter(), Token);
        var contacts = await AuditLog.ReadAsync(db, reader, new AuditFilter(Entity: "Contact", Actor: "営業A"), Token);

        Assert.NotEmpty(all);
        Assert.All(all, e => Assert.Equal(fixture.World.TenantA.Id, e.TenantId));
        Assert.Equal(all.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Select(e => e.Id), all.Select(e => e.Id));
        var only = Assert.Single(contacts);
        Assert.Contains("新しい連絡先", only.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_IsRefused_OnTheVeryNextRequest_AndTheRevocationIsAudited()
    {
        using var key = fixture.KeyClient(TestWorld.TenantAKey);
        using (var before = await key.GetAsync(new Uri("/api/v1/messages?tenant=alpha-clinic", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        Guid keyId;
        await using (var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin))
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            keyId = (await keys.FindActiveAsync(TestWorld.TenantAKey, Token))!.Id;
            await keys.RevokeAsync(keyId, Token);
        }

        using var after = await key.GetAsync(new Uri("/api/v1/messages?tenant=alpha-clinic", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var entry = await check.AuditEntries.SingleAsync(a => a.Entity == "ApiKey" && a.EntityId == keyId.ToString() && a.Before != null, Token);
        Assert.Equal("管理者", entry.ActorName);
        Assert.Contains(JsonDiff.Compare(entry.Before, entry.After), c => c.Path == "RevokedAt" && c.Before is null && c.After is not null);
    }

    [Fact]
    public async Task Intake_ForADeactivatedTenant_Answers404WithAProblemSayingItIsInactive()
    {
        await using (var scope = await ActingAs.UserAsync(fixture, TestWorld.Admin))
        {
            await scope.ServiceProvider.GetRequiredService<TenantAdministration>().SetActiveAsync(fixture.World.TenantB.Id, false, Token);
        }
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);

        using var refused = await operatorCentre.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = Messages.TestMessages.TenantB, callerName = "山田", callbackNumber = "03-1234-5678", subject = "停止中", body = "本文", urgency = "Normal",
        }, Token);
        var accepted = await Messages.TestMessages.PostAsync(operatorCentre, Messages.TestMessages.TenantA, "稼働中");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("beta-build", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal("稼働中", accepted.Subject);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.False(await check.Messages.AnyAsync(m => m.TenantId == fixture.World.TenantB.Id, Token));
    }
}
