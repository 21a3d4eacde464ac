using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Messages;

/// <summary>The one write path for messages (decision 13): events are raised only inside the change's transaction, and a change that already happened raises nothing.</summary>
public sealed class MessageWriteTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task AnEventRaisedOutsideATransactionIsRefused()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancellation);
        var write = scope.ServiceProvider.GetRequiredService<MessageEvents>().For(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            write.RaiseAsync(new MessageActivityChanged(fixture.World.TenantA.Id, Guid.NewGuid()), Cancellation));
    }

    [Fact]
    public async Task ASecondLookByTheSameUserRaisesNothingAndAddsNoRow()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var message = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "二度見る");
        var viewer = new Actor(Guid.NewGuid(), "見る人", ChangeChannel.Dashboard);

        var raised = new List<bool>();
        for (var look = 0; look < 2; look++)
        {
            await using var scope = fixture.App.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancellation);
            await using var tx = await db.Database.BeginTransactionAsync(Cancellation);
            var write = scope.ServiceProvider.GetRequiredService<MessageEvents>().For(db);
            raised.Add(await write.RaiseAsync(new MessageSeen(fixture.World.TenantA.Id, message.Id, message.ReceivedAt, viewer), Cancellation));
            await tx.CommitAsync(Cancellation);
            write.Committed();
        }

        Assert.Equal([true, false], raised);
        await using var check = fixture.App.Services.CreateAsyncScope();
        check.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
        await using var readDb = await check.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancellation);
        Assert.Equal(1, await readDb.MessageEvents.CountAsync(e => e.MessageId == message.Id && e.Kind == MessageEventKind.Seen, Cancellation));
    }
}
