using System.Globalization;
using System.Security.Claims;
using Dashboard.Features.Accounts;
using Dashboard.Features.Audit;
using Dashboard.Features.Contacts;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>Contacts as an account manager edits them: phones in E.164, readable messages per field, verified stamps, the audit log.</summary>
public sealed class ContactEditorTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("090-1234-5678", "+819012345678")]
    [InlineData("０９０−１２３４−５６７８", "+819012345678")]
    [InlineData("03 1234 5678", "+81312345678")]
    [InlineData("+81 3-1234-5678", "+81312345678")]
    [InlineData("+1 415 555 0100", "+14155550100")]
    public async Task Save_StoresThePhoneInE164(string typed, string stored)
    {
        await using var scope = ManagerScope();

        var result = await scope.ServiceProvider.GetRequiredService<ContactEditor>()
            .SaveAsync(fixture.World.TenantA.Id, null, new ContactInput { Name = "担当", Phone = typed }, Token);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        Assert.Equal(stored, result.Contact!.Phone);
    }

    [Fact]
    public async Task Save_RefusesBadFields_WithAMessageForEach_AndStoresNothing()
    {
        await using var scope = ManagerScope();
        using var _ = new UiCulture("ja");

        var result = await scope.ServiceProvider.GetRequiredService<ContactEditor>().SaveAsync(fixture.World.TenantA.Id, null,
            new ContactInput { Name = " ", Phone = "12345", Email = "not-an-address", Language = "fr" }, Token);

        Assert.False(result.Succeeded);
        Assert.Equal("入力してください。", result.Errors[ContactField.Name]);
        Assert.StartsWith("電話番号として認識できません", result.Errors[ContactField.Phone], StringComparison.Ordinal);
        Assert.StartsWith("メールアドレスの形式が正しくありません", result.Errors[ContactField.Email], StringComparison.Ordinal);
        Assert.Equal("日本語か英語を選んでください。", result.Errors[ContactField.Language]);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.False(await db.Contacts.AnyAsync(Token));
    }

    [Fact]
    public async Task Save_RefusesALinkedUserOfAnotherTenant()
    {
        await using var scope = ManagerScope();
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var staffB = (await db.Users.SingleAsync(u => u.Email == TestWorld.StaffB, Token)).Id;

        var result = await scope.ServiceProvider.GetRequiredService<ContactEditor>()
            .SaveAsync(fixture.World.TenantA.Id, null, new ContactInput { Name = "担当", UserId = staffB }, Token);

        Assert.False(result.Succeeded);
        Assert.True(result.Errors.ContainsKey(ContactField.User));
    }

    [Fact]
    public async Task ChangingPhoneOrEmail_ClearsOnlyThatChannelsVerifiedStamp()
    {
        var verified = DateTimeOffset.UtcNow.AddDays(-1);
        var contact = new Contact
        {
            TenantId = fixture.World.TenantA.Id, Name = "担当", Phone = "+819012345678", Email = "lead@alpha.example",
            PhoneVerifiedAt = verified, EmailVerifiedAt = verified,
        };
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(Token);
        }
        await using var scope = ManagerScope();
        var editor = scope.ServiceProvider.GetRequiredService<ContactEditor>();

        var samePhoneNewEmail = await editor.SaveAsync(fixture.World.TenantA.Id, contact.Id,
            new ContactInput { Name = "担当", Phone = "090-1234-5678", Email = "new@alpha.example" }, Token);
        Assert.NotNull(samePhoneNewEmail.Contact!.PhoneVerifiedAt);
        Assert.Null(samePhoneNewEmail.Contact.EmailVerifiedAt);

        var newPhone = await editor.SaveAsync(fixture.World.TenantA.Id, contact.Id,
            new ContactInput { Name = "担当", Phone = "090-9999-8888", Email = "new@alpha.example" }, Token);
        Assert.Null(newPhone.Contact!.PhoneVerifiedAt);
    }

    [Fact]
    public async Task EditAndMarkVerified_AreAudited_WithTheManagerAsActor()
    {
        await using var scope = ManagerScope();
        var editor = scope.ServiceProvider.GetRequiredService<ContactEditor>();
        var created = await editor.SaveAsync(fixture.World.TenantA.Id, null, new ContactInput { Name = "担当", Phone = "090-1234-5678" }, Token);

        await editor.SaveAsync(fixture.World.TenantA.Id, created.Contact!.Id, new ContactInput { Name = "担当 太郎", Phone = "090-1234-5678" }, Token);
        await editor.MarkVerifiedAsync(fixture.World.TenantA.Id, created.Contact.Id, ContactAddress.Phone, Token);

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var entries = await db.AuditEntries.Where(a => a.Entity == nameof(Contact) && a.EntityId == created.Contact.Id.ToString())
            .OrderBy(a => a.Id).ToListAsync(Token);
        Assert.Equal([AuditAction.Created, AuditAction.Updated, AuditAction.Updated], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("営業A", e.ActorName));
        Assert.Equal(("担当", "担当 太郎"), (Property(entries[1].Before, "Name"), Property(entries[1].After, "Name")));
        Assert.Null(Property(entries[2].Before, "PhoneVerifiedAt"));
        Assert.NotNull(Property(entries[2].After, "PhoneVerifiedAt"));
    }

    private static string? Property(string? json, string name)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json!);
        var value = document.RootElement.GetProperty(name);
        return value.ValueKind == System.Text.Json.JsonValueKind.Null ? null : value.GetString();
    }

    /// <summary>A scope acting as the account manager of tenant A, as TenantScope sets it for their requests.</summary>
    private AsyncServiceScope ManagerScope()
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.SetFromUser(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(DashboardClaims.DisplayName, "営業A"), new Claim(ClaimTypes.Role, Roles.AccountManager)],
            "test", ClaimTypes.Name, ClaimTypes.Role)));
        tenant.SetTenants([fixture.World.TenantA.Id]);
        return scope;
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
