using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Dashboard.Features.Accounts;
using Dashboard.Features.Callbacks.Bridge;
using Dashboard.Features.Contacts;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Callbacks;

/// <summary>Without Twilio, 「折り返す」 rings nowhere and the development outbox plays both legs through the webhooks' own steps.</summary>
public sealed class BridgeDevOutboxTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SimulatedBridge_BothLegsAnswered_AndCompleted_RecordsAReachedBridgedCallbackWithItsDuration()
    {
        var tenantId = fixture.World.TenantA.Id;
        Guid userId;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            userId = await db.Users.Where(u => u.Email == TestWorld.StaffA1).Select(u => u.Id).SingleAsync(Token);
            db.Contacts.Add(new Contact { TenantId = tenantId, Name = "スタッフA1", Phone = "+819011112222", UserId = userId });
            db.OutgoingCallerIds.Add(new OutgoingCallerId { TenantId = tenantId, Number = "+81312345678" });
            await db.SaveChangesAsync(Token);
        }
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var posted = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = "alpha-clinic", callerName = "山田 太郎", callbackNumber = "090-1234-5678", subject = "鍵", urgency = "Emergency",
        }, Token);
        var messageId = (await posted.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();

        BridgeStart started;
        await using (var staff = fixture.App.Services.CreateAsyncScope())
        {
            staff.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(tenantId);
            ((IHostEnvironmentAuthenticationStateProvider)staff.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
                .SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(DashboardClaims.DisplayName, "スタッフA1")], "test")))));
            started = await staff.ServiceProvider.GetRequiredService<BridgeCalls>().StartAsync(messageId, Token);
        }
        Assert.Null(started.Blocked);
        Assert.StartsWith("dev-", started.Bridge!.CallSid, StringComparison.Ordinal);

        // The admin's outbox page, as every tenant.
        await using (var admin = fixture.App.Services.CreateAsyncScope())
        {
            admin.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            var outbox = admin.ServiceProvider.GetRequiredService<BridgeOutbox>();
            var row = Assert.Single(await outbox.RecentAsync(Token));
            Assert.Equal(BridgeCallState.CallingStaff, row.Bridge.State);
            await outbox.DialEndsAsync(row.Bridge.Id, "completed", 95, Token);
            await outbox.DialEndsAsync(row.Bridge.Id, "completed", 95, Token);
        }

        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var callback = await check.Callbacks.AsNoTracking().SingleAsync(c => c.MessageId == messageId, Token);
        Assert.Equal((CallbackOutcome.Reached, CallbackChannel.Bridged, 95), (callback.Outcome, callback.Channel, callback.DurationSeconds!.Value));
        Assert.Equal(BridgeCallState.Finished, (await check.BridgeCalls.AsNoTracking().SingleAsync(Token)).State);
    }
}
