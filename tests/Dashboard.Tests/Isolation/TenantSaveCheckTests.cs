using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Isolation;

/// <summary>
/// The second wall of tenant isolation: even code that bypasses the query filter cannot write another
/// tenant's row, because AppDbContext checks every tracked tenant-owned entity before it saves.
/// </summary>
public sealed class TenantSaveCheckTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Received = new(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

    private Guid tenantA;
    private Guid tenantB;
    private Guid messageOfA;
    private Guid messageOfB;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        tenantA = fixture.World.TenantA.Id;
        tenantB = fixture.World.TenantB.Id;
        await using var system = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var a = NewMessage(tenantA, "A の用件");
        var b = NewMessage(tenantB, "B の用件");
        system.Messages.AddRange(a, b);
        await system.SaveChangesAsync(Cancellation);
        messageOfA = a.Id;
        messageOfB = b.Id;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Message NewMessage(Guid tenantId, string subject) => new()
    {
        TenantId = tenantId,
        CallerName = "山田 花子",
        CallbackNumber = "+81312345678",
        Subject = subject,
        ReceivedAt = Received,
        UpdatedAt = Received,
        Events = [new MessageEvent { TenantId = tenantId, Kind = MessageEventKind.Created, At = Received }],
    };

    private AppDbContext ContextFor(TenantContext tenant) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(fixture.ConnectionString).Options, tenant);

    private AppDbContext ContextOfTenantA()
    {
        var tenant = new TenantContext();
        tenant.SetTenant(tenantA);
        return ContextFor(tenant);
    }

    private async Task<Message> StoredAsync(Guid id)
    {
        await using var system = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await system.Messages.AsNoTracking().SingleAsync(m => m.Id == id, Cancellation);
    }

    private async Task<int> CountOfTenantAsync(Guid tenantId)
    {
        await using var system = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await system.Messages.CountAsync(m => m.TenantId == tenantId, Cancellation);
    }

    [Fact]
    public async Task Add_MessageOfAnotherTenant_IsRefused_AndNothingIsWritten()
    {
        await using var db = ContextOfTenantA();
        db.Messages.Add(NewMessage(tenantB, "紛れ込み"));

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));
        Assert.Throws<TenantIsolationException>(() => db.SaveChanges());

        Assert.Equal(1, await CountOfTenantAsync(tenantB));
    }

    [Fact]
    public async Task Add_TimelineEventOfAnotherTenant_IsRefused()
    {
        await using var db = ContextOfTenantA();
        db.MessageEvents.Add(new MessageEvent { TenantId = tenantB, MessageId = messageOfB, Kind = MessageEventKind.Acknowledged, At = Received });

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));
    }

    [Fact]
    public async Task Modify_MessageOfAnotherTenant_LoadedPastTheFilter_IsRefused_AndTheRowIsUnchanged()
    {
        await using var db = ContextOfTenantA();
        // A bug that bypasses the query filter still cannot write: the save check is independent of it.
        var foreign = await db.Messages.IgnoreQueryFilters().SingleAsync(m => m.Id == messageOfB, Cancellation);
        foreign.Status = MessageStatus.Acknowledged;
        foreign.AcknowledgedBy = "A のスタッフ";

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));

        var stored = await StoredAsync(messageOfB);
        Assert.Equal(MessageStatus.New, stored.Status);
        Assert.Null(stored.AcknowledgedBy);
    }

    [Fact]
    public async Task Modify_AttachedStubOfAnotherTenantsMessage_IsRefused()
    {
        await using var db = ContextOfTenantA();
        var stub = NewMessage(tenantB, "上書き");
        stub.Id = messageOfB;
        stub.Events = [];
        db.Messages.Attach(stub).Property(m => m.Subject).IsModified = true;

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));

        Assert.Equal("B の用件", (await StoredAsync(messageOfB)).Subject);
    }

    [Fact]
    public async Task Delete_MessageOfAnotherTenant_IsRefused()
    {
        await using var db = ContextOfTenantA();
        var foreign = await db.Messages.IgnoreQueryFilters().SingleAsync(m => m.Id == messageOfB, Cancellation);
        db.Messages.Remove(foreign);

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));

        Assert.Equal(1, await CountOfTenantAsync(tenantB));
    }

    [Fact]
    public async Task Modify_MovingOwnMessageToAnotherTenant_IsRefused()
    {
        await using var db = ContextOfTenantA();
        var own = await db.Messages.SingleAsync(m => m.Id == messageOfA, Cancellation);
        own.TenantId = tenantB;

        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));

        Assert.Equal(tenantA, (await StoredAsync(messageOfA)).TenantId);
    }

    [Fact]
    public async Task Writes_WithinOwnTenant_AreSaved()
    {
        // The control: the same context does write its own tenant's rows.
        await using var db = ContextOfTenantA();
        db.Messages.Add(NewMessage(tenantA, "自分の用件"));
        var own = await db.Messages.SingleAsync(m => m.Id == messageOfA, Cancellation);
        own.Subject = "変更後";

        await db.SaveChangesAsync(Cancellation);

        Assert.Equal(2, await CountOfTenantAsync(tenantA));
        Assert.Equal("変更後", (await StoredAsync(messageOfA)).Subject);
    }

    [Fact]
    public async Task ContextWithNoTenantSet_SeesNothing_AndWritesNothing()
    {
        // Fails closed: a scope whose tenant was never set is nobody.
        await using var db = ContextFor(new TenantContext());

        Assert.Equal(0, await db.Messages.CountAsync(Cancellation));
        Assert.Equal(0, await db.MessageEvents.CountAsync(Cancellation));
        db.Messages.Add(NewMessage(tenantA, "誰でもない"));
        await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync(Cancellation));
    }

    [Fact]
    public async Task QueryFilter_HidesAnotherTenantsRows()
    {
        await using var db = ContextOfTenantA();

        var visible = await db.Messages.Select(m => m.Id).ToListAsync(Cancellation);
        var events = await db.MessageEvents.Select(e => e.TenantId).Distinct().ToListAsync(Cancellation);

        Assert.Equal([messageOfA], visible);
        Assert.Null(await db.Messages.FindAsync([messageOfB], Cancellation));
        Assert.Equal([tenantA], events);
    }
}
