using Dashboard.Data;
using Dashboard.Features.Reports;
using Dashboard.Features.Retention;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Retention;

/// <summary>The account-manager settings of this feature: retention periods and report recipients, validated, audited, inside the manager's tenants.</summary>
public sealed class RetentionSettingsTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A scope acting as account manager A (assigned to tenant A only).</summary>
    private AsyncServiceScope ManagerScope()
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TenantContext>();
        context.SetTenants([fixture.World.TenantA.Id]);
        context.SetActor("営業A");
        return scope;
    }

    [Theory]
    [InlineData(0, 12, RetentionSettingsEditor.MessageField)]
    [InlineData(121, 12, RetentionSettingsEditor.MessageField)]
    [InlineData(null, 12, RetentionSettingsEditor.MessageField)]
    [InlineData(36, 0, RetentionSettingsEditor.DetailField)]
    [InlineData(12, 24, RetentionSettingsEditor.DetailField)]
    public async Task Retention_BadPeriods_AreRefused_NamingTheField(int? messages, int? details, string field)
    {
        await using var scope = ManagerScope();

        var errors = await scope.ServiceProvider.GetRequiredService<RetentionSettingsEditor>().SaveAsync(fixture.World.TenantA.Id, messages, details, Token);

        Assert.True(errors.ContainsKey(field));
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.False(await db.RetentionSettings.AnyAsync(Token));
    }

    [Fact]
    public async Task Retention_Saved_IsAudited_WithTheManager()
    {
        await using var scope = ManagerScope();

        var errors = await scope.ServiceProvider.GetRequiredService<RetentionSettingsEditor>().SaveAsync(fixture.World.TenantA.Id, 60, 6, Token);

        Assert.Empty(errors);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var saved = await db.RetentionSettings.SingleAsync(Token);
        Assert.Equal((60, 6), (saved.MessageMonths, saved.DetailMonths));
        var entry = await db.AuditEntries.SingleAsync(e => e.Entity == nameof(RetentionSettings), Token);
        Assert.Equal("営業A", entry.ActorName);
        Assert.Equal(fixture.World.TenantA.Id, entry.TenantId);
    }

    [Fact]
    public async Task Settings_OfAnotherTenant_CannotBeSaved_ByItsManager()
    {
        await using var scope = ManagerScope();

        await Assert.ThrowsAsync<TenantIsolationException>(() =>
            scope.ServiceProvider.GetRequiredService<RetentionSettingsEditor>().SaveAsync(fixture.World.TenantB.Id, 60, 6, Token));
        await Assert.ThrowsAsync<TenantIsolationException>(() =>
            scope.ServiceProvider.GetRequiredService<ReportSettingsEditor>().SaveAsync(fixture.World.TenantB.Id, "x@beta.example", "ja", Token));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@alpha.example, Owner <owner@alpha.example>")]
    [InlineData("a@@alpha.example")]
    public async Task ReportRecipients_BadAddresses_AreRefused(string recipients)
    {
        await using var scope = ManagerScope();

        var errors = await scope.ServiceProvider.GetRequiredService<ReportSettingsEditor>().SaveAsync(fixture.World.TenantA.Id, recipients, "ja", Token);

        Assert.True(errors.ContainsKey(ReportSettingsEditor.RecipientsField));
    }

    [Fact]
    public async Task ReportRecipients_AreSavedOnceEach_Lowercased_AndAudited()
    {
        await using var scope = ManagerScope();

        var errors = await scope.ServiceProvider.GetRequiredService<ReportSettingsEditor>()
            .SaveAsync(fixture.World.TenantA.Id, "Owner@Alpha.example\nboss@alpha.example, owner@alpha.example", "en", Token);

        Assert.Empty(errors);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var saved = await db.ReportSettings.SingleAsync(Token);
        Assert.Equal(["owner@alpha.example", "boss@alpha.example"], saved.Recipients);
        Assert.Equal("en", saved.Language);
        var entry = await db.AuditEntries.SingleAsync(e => e.Entity == nameof(ReportSettings), Token);
        Assert.Equal("営業A", entry.ActorName);
        Assert.Contains("boss@alpha.example", entry.After, StringComparison.Ordinal);
    }
}
