using Dashboard.Features.Accounts;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.LiveFeed;

/// <summary>A dashboard circuit whose browser connection drops misses pushes; when it comes back it reloads, with no gap and no duplicate.</summary>
public sealed class CircuitReconnectTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Writes a message straight to the table, without the feed signal: a push this watcher never hears.</summary>
    private async Task<Guid> InsertSilentlyAsync(string subject, DateTimeOffset at)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var message = new Message
        {
            TenantId = fixture.World.TenantA.Id, ReceivedAt = at, UpdatedAt = at, CallerName = "発信者",
            CallbackNumber = "+81312345678", Subject = subject, Urgency = Urgency.Urgent,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return message.Id;
    }

    [Fact]
    public async Task ReconnectedCircuit_ReloadsEverythingSinceItsNewest_WithoutGapOrDuplicate()
    {
        var token = TestContext.Current.CancellationToken;
        var start = DateTimeOffset.UtcNow;
        var held = await InsertSilentlyAsync("接続前", start.AddMinutes(-1));
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
        var feed = scope.ServiceProvider.GetRequiredService<LiveFeedState>();
        var connection = scope.ServiceProvider.GetRequiredService<CircuitConnection>();
        await feed.StartAsync(token);
        Assert.Single(feed.Messages);

        connection.MarkDown();
        var missed = new[] { await InsertSilentlyAsync("切断中 1", start), await InsertSilentlyAsync("切断中 2", start.AddSeconds(1)) };
        await InsertSilentlyTenantBAsync();
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            // The message it already held was acknowledged meanwhile, also unheard.
            await db.Messages.Where(m => m.Id == held).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Acknowledged)
                .SetProperty(m => m.AcknowledgedBy, "スタッフA2")
                .SetProperty(m => m.UpdatedAt, start.AddSeconds(2)), token);
        }
        Assert.Single(feed.Messages); // nothing heard while down

        await connection.MarkUpAsync();

        Assert.Equal(3, feed.Messages.Count);
        Assert.Equal(3, feed.Messages.Select(m => m.Id).Distinct().Count());
        Assert.All(missed, id => Assert.Contains(feed.Messages, m => m.Id == id));
        Assert.Equal(MessageStatus.Acknowledged, feed.Find(held)!.Status);
        Assert.DoesNotContain(feed.Messages, m => m.TenantId != fixture.World.TenantA.Id);

        // A second reconnect with nothing new changes nothing.
        connection.MarkDown();
        await connection.MarkUpAsync();
        Assert.Equal(3, feed.Messages.Count);
    }

    private async Task InsertSilentlyTenantBAsync()
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        db.Messages.Add(new Message
        {
            TenantId = fixture.World.TenantB.Id, ReceivedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            CallerName = "他社", CallbackNumber = "+81312345678", Subject = "ベータ宛", Urgency = Urgency.Emergency,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
