using Bunit;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Escalation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components;

public sealed class EscalationStatusTests : ComponentTest
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);

    public EscalationStatusTests()
    {
        Services.AddSingleton<TimeProvider>(time);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    private static EscalationOutlook Outlook(EscalationState state, TimeSpan dueIn) => new(
        Guid.NewGuid(), state, Now + dueIn, StepNumber: 2, StepCount: 3, Round: 1, Rounds: 2,
        [new OutlookTarget("副担当 二郎", NotificationChannel.PhoneCall, false), new OutlookTarget("", NotificationChannel.Email, true)], []);

    [Fact]
    public void Countdown_NamesTheNextTargets_AndTicksEverySecond()
    {
        var cut = Render<EscalationStatus>(p => p.Add(c => c.Outlook, Outlook(EscalationState.Active, TimeSpan.FromSeconds(90))));

        Assert.Equal("次の連絡まで 1:30", cut.Find("[data-testid=escalation-remaining]").TextContent.Trim());
        Assert.Equal("副担当 二郎（電話）、スタッフ全員（メール）", cut.Find("[data-testid=escalation-next-targets]").TextContent.Trim());
        Assert.Contains("ステップ 2/3 · 1/2 周目", cut.Markup, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(31));
        cut.WaitForAssertion(() => Assert.Equal("次の連絡まで 0:59", cut.Find("[data-testid=escalation-remaining]").TextContent.Trim()));

        time.Advance(TimeSpan.FromSeconds(60));
        cut.WaitForAssertion(() => Assert.Equal("まもなく次の連絡", cut.Find("[data-testid=escalation-remaining]").TextContent.Trim()));
    }

    [Fact]
    public void Countdown_ShowsHours_WhenTheNextStepIsFarOff()
    {
        var cut = Render<EscalationStatus>(p => p.Add(c => c.Outlook, Outlook(EscalationState.Active, new TimeSpan(1, 2, 3))));

        Assert.Equal("次の連絡まで 1:02:03", cut.Find("[data-testid=escalation-remaining]").TextContent.Trim());
    }

    [Fact]
    public void Exhausted_AsksForACallBack_AndNoLongerCountsDown()
    {
        UseCulture("en");
        var cut = Render<EscalationStatus>(p => p.Add(c => c.Outlook, Outlook(EscalationState.Exhausted, TimeSpan.Zero)));

        Assert.Contains("Call the caller back", cut.Find("[data-testid=escalation-exhausted]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=escalation-countdown]"));
    }

    [Fact]
    public void Stopped_ShowsNothing()
    {
        var cut = Render<EscalationStatus>(p => p.Add(c => c.Outlook, Outlook(EscalationState.Stopped, TimeSpan.Zero)));

        Assert.Equal("", cut.Markup.Trim());
    }
}
