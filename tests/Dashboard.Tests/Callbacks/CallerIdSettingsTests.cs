using System.Net;
using Dashboard.Data;
using Dashboard.Features.Callbacks.Bridge;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Callbacks;

/// <summary>The tenant's outgoing caller ID: validated (E.164, the error names the field), audited, inside the manager's tenants.</summary>
public sealed class CallerIdSettingsTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private AsyncServiceScope ManagerScope()
    {
        var scope = fixture.App.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TenantContext>();
        context.SetTenants([fixture.World.TenantA.Id]);
        context.SetActor("営業A");
        return scope;
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("+81 0")]
    [InlineData("12345")]
    [InlineData("03-1234-567\0")]
    public async Task ANumberThatIsNotOne_IsRefused_WithAnErrorNamingTheField(string number)
    {
        await using var scope = ManagerScope();

        var errors = await scope.ServiceProvider.GetRequiredService<CallerIdSettings>().SaveAsync(fixture.World.TenantA.Id, number, Token);

        var error = Assert.Single(errors);
        Assert.Equal(CallerIdSettings.Field, error.Key);
        Assert.StartsWith("発信者番号:", error.Value, StringComparison.Ordinal);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.False(await db.OutgoingCallerIds.AnyAsync(Token));
    }

    [Fact]
    public async Task AJapaneseNumber_IsStoredInE164_Audited_AndEmptyRemovesIt()
    {
        await using var scope = ManagerScope();
        var settings = scope.ServiceProvider.GetRequiredService<CallerIdSettings>();

        Assert.Empty(await settings.SaveAsync(fixture.World.TenantA.Id, "03-1234-5678", Token));

        Assert.Equal("+81312345678", await settings.LoadAsync(fixture.World.TenantA.Id, Token));
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Entity == nameof(OutgoingCallerId), Token);
            Assert.Equal("営業A", entry.ActorName);
            Assert.Equal(fixture.World.TenantA.Id, entry.TenantId);
        }
        Assert.Empty(await settings.SaveAsync(fixture.World.TenantA.Id, "  ", Token));
        Assert.Null(await settings.LoadAsync(fixture.World.TenantA.Id, Token));
    }

    [Fact]
    public async Task AnotherTenantsCallerId_CannotBeSaved_ByItsManager()
    {
        await using var scope = ManagerScope();

        await Assert.ThrowsAsync<TenantIsolationException>(() =>
            scope.ServiceProvider.GetRequiredService<CallerIdSettings>().SaveAsync(fixture.World.TenantB.Id, "+81312345678", Token));
    }

    [Theory]
    [InlineData("/manage/beta-build/caller-id", HttpStatusCode.NotFound)]
    [InlineData("/manage/alpha-clinic/caller-id", HttpStatusCode.OK)]
    public async Task ThePage_IsOnlyThereForTheManagersTenants(string path, HttpStatusCode expected)
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var response = await manager.Http.GetAsync(new Uri(path, UriKind.Relative), Token);

        Assert.Equal(expected, response.StatusCode);
    }
}
