using Dashboard.Features.Administration;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.LiveFeed;
using Dashboard.Tests.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// Access taken away on one node reaches a dashboard open on another node through the AccessRevoked NOTIFY, at once:
/// not at the circuit's slow safety re-check (minutes), which is what made it cheap to keep many dashboards open.
/// </summary>
public sealed class OpenDashboardRevocationJourneyTests(TwoNodeFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<TwoNodeFixture>
{
    /// <summary>NOTIFY takes milliseconds; the slack is for two busy CI cores. The safety re-check is minutes away.</summary>
    private const float WithinMs = 10_000;

    private BrowserNewContextOptions OnSecondNode() => new() { BaseURL = fixture.SecondNode.BaseAddress.ToString() };

    [Fact]
    public async Task UserDeactivatedOnOneNode_TheirFeedOpenOnTheOther_GoesToSignInAtOnce()
    {
        Assert.True(ActiveUserAuthenticationStateProvider.Interval >= TimeSpan.FromMinutes(1), "the test must not be passed by the safety re-check");
        var subject = $"伝言 {Guid.NewGuid().ToString("N")[..6]}";
        using (var operatorCentre = Fixture.KeyClient(TestWorld.OperatorKey))
        {
            await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, subject);
        }
        var staff = await SignInAsync("staff-a1-node2", TestWorld.StaffA1, "/feed", OnSecondNode());
        var colleague = await SignInAsync("staff-a2-node2", TestWorld.StaffA2, "/feed", OnSecondNode());
        await Expect(staff.MessageCard(subject)).ToBeVisibleAsync();

        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var outcome = await users.SetActiveAsync(await UserIdAsync(TestWorld.StaffA1), false, TestContext.Current.CancellationToken);
            Assert.True(outcome.Succeeded);
        }

        await staff.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = WithinMs });
        await Expect(staff.GetByText(subject)).ToHaveCountAsync(0);
        // Only that user's dashboard: the colleague on the same tenant and node keeps watching.
        Assert.EndsWith("/feed", new Uri(colleague.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(colleague.MessageCard(subject)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TenantDeactivatedOnOneNode_ItsStaffsFeedOpenOnTheOther_GoesToSignInAtOnce()
    {
        var staffB = await SignInAsync("staff-b-node2", TestWorld.StaffB, "/feed", OnSecondNode());
        var staffA = await SignInAsync("staff-a1-node2", TestWorld.StaffA1, "/feed", OnSecondNode());

        await using (var scope = Fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetSystem();
            await scope.ServiceProvider.GetRequiredService<TenantAdministration>().SetActiveAsync(fixture.World.TenantB.Id, false, TestContext.Current.CancellationToken);
        }

        await staffB.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/Account/Login", new PageWaitForURLOptions { Timeout = WithinMs });
        Assert.EndsWith("/feed", new Uri(staffA.Url).AbsolutePath, StringComparison.Ordinal);
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return db.Users.Single(u => u.Email == email).Id;
    }
}
