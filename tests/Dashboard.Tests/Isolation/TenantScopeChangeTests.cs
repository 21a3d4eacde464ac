using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Isolation;

/// <summary>
/// Each kind of scope (one tenant, a set, every tenant) has its own filter shape, chosen when a context is first used.
/// A context whose scope changes kind afterwards must not fall back to a wider view: it sees nothing.
/// </summary>
public sealed class TenantScopeChangeTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A の用件");
        await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B の用件");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private AppDbContext ContextFor(TenantContext tenant) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(fixture.ConnectionString).Options, tenant);

    [Fact]
    public async Task EachKindOfScope_SeesExactlyItsTenants()
    {
        var one = new TenantContext();
        one.SetTenant(fixture.World.TenantA.Id);
        var many = new TenantContext();
        many.SetTenants([fixture.World.TenantB.Id]);
        var all = new TenantContext();
        all.SetSystem();
        var nobody = new TenantContext();

        await using var dbOne = ContextFor(one);
        await using var dbMany = ContextFor(many);
        await using var dbAll = ContextFor(all);
        await using var dbNobody = ContextFor(nobody);

        Assert.Equal([fixture.World.TenantA.Id], await dbOne.Messages.Select(m => m.TenantId).ToListAsync(Cancellation));
        Assert.Equal([fixture.World.TenantB.Id], await dbMany.Messages.Select(m => m.TenantId).ToListAsync(Cancellation));
        Assert.Equal(2, await dbAll.Messages.CountAsync(Cancellation));
        Assert.Equal(0, await dbNobody.Messages.CountAsync(Cancellation));
    }

    [Fact]
    public async Task AScopeThatChangesKind_AfterItsContextWasUsed_SeesNothing_NeverMore()
    {
        var tenant = new TenantContext();
        tenant.SetTenant(fixture.World.TenantA.Id);
        await using var db = ContextFor(tenant);
        Assert.Equal(1, await db.Messages.CountAsync(Cancellation));

        tenant.SetSystem();
        Assert.Equal(0, await db.Messages.CountAsync(Cancellation));
        tenant.SetTenants([fixture.World.TenantA.Id, fixture.World.TenantB.Id]);
        Assert.Equal(0, await db.Messages.CountAsync(Cancellation));

        var system = new TenantContext();
        system.SetSystem();
        await using var wide = ContextFor(system);
        Assert.Equal(2, await wide.Messages.CountAsync(Cancellation));
        system.SetTenant(fixture.World.TenantB.Id);
        Assert.Equal(0, await wide.Messages.CountAsync(Cancellation));
    }
}
