using System.Net;
using Dashboard.Data;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Isolation;

/// <summary>
/// An account manager sees exactly the tenants assigned to them, through the same one place that isolates
/// client staff (query filters and the save check), and a new assignment applies on their next request.
/// </summary>
public sealed class AccountManagerScopeTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private MessageDto messageOfA = default!;
    private MessageDto messageOfB = default!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        messageOfA = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A の用件");
        messageOfB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B の用件");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ManagerOfTenantA_SeesAsMessagePage_ButGets404ForTenantB()
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        using var own = await manager.Http.GetAsync(new Uri($"/messages/{messageOfA.Id}", UriKind.Relative), Token);
        using var other = await manager.Http.GetAsync(new Uri($"/messages/{messageOfB.Id}", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task ManagerOfTenantA_SeesTenantB_OnTheNextRequest_OnceAssigned()
    {
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);
        using (var before = await manager.Http.GetAsync(new Uri($"/messages/{messageOfB.Id}", UriKind.Relative), Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var managerId = (await db.Users.SingleAsync(u => u.Email == TestWorld.ManagerA, Token)).Id;
            db.AccountManagerAssignments.Add(new AccountManagerAssignment { UserId = managerId, TenantId = fixture.World.TenantB.Id, AssignedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Token);
        }

        using var after = await manager.Http.GetAsync(new Uri($"/messages/{messageOfB.Id}", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ManagerScope_ReadsOnlyAssignedTenants_AndRefusesToWriteOthers()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.SetTenants([fixture.World.TenantA.Id]);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Token);

        Assert.Equal([messageOfA.Id], await db.Messages.Select(m => m.Id).ToListAsync(Token));
        Assert.Equal([fixture.World.TenantA.Id], await tenant.Visible(db.Tenants).Select(t => t.Id).ToListAsync(Token));

        db.Contacts.Add(new Contact { TenantId = fixture.World.TenantB.Id, Name = "他社の連絡先" });
        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Token));
    }
}
