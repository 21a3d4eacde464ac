using Bunit;
using Bunit.TestDoubles;
using Dashboard.Features.Accounts;
using Dashboard.Features.Escalation;
using Dashboard.Features.LiveFeed;

namespace Dashboard.Tests.Components;

public sealed class AttemptLineTests : ComponentTest
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);

    private static OutlookAttempt Attempt(AttemptStatus status, string? error) =>
        new(Guid.NewGuid(), "担当 一郎", "+819011112222", NotificationChannel.PhoneCall, status, 0, 0, At, At, error);

    private readonly BunitAuthorizationContext auth;

    public AttemptLineTests() => auth = AddAuthorization();

    private IRenderedComponent<AttemptLine> RenderLine(OutlookAttempt attempt, params string[] roles)
    {
        auth.SetAuthorized("viewer");
        auth.SetRoles(roles);
        return Render<AttemptLine>(p => p.Add(c => c.Attempt, attempt).Add(c => c.TimeZone, Tokyo));
    }

    [Fact]
    public void HeldBackCall_SaysItIsWaiting_InTheReadersLanguage()
    {
        var cut = RenderLine(Attempt(AttemptStatus.Pending, "Waiting until 2026-12-01T00:31:00Z: this number was called less than a minute ago"), Roles.ClientStaff);

        Assert.Contains("1分に1回", cut.Find("[data-testid=attempt-waiting]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("less than a minute", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("Pending", cut.Find("[data-testid=timeline-attempt]").GetAttribute("data-status"));
    }

    [Fact]
    public void ProviderError_IsShownToServiceStaff_NotToClientStaff()
    {
        var failed = Attempt(AttemptStatus.Failed, "Twilio 21211: Invalid 'To' Phone Number");

        var staff = RenderLine(failed, Roles.ClientStaff);
        Assert.Empty(staff.FindAll("[data-testid=attempt-error]"));
        Assert.Contains("失敗", staff.Markup, StringComparison.Ordinal);

        var operatorView = RenderLine(failed, Roles.Operator);
        Assert.Contains("21211", operatorView.Find("[data-testid=attempt-error]").TextContent, StringComparison.Ordinal);
    }
}
