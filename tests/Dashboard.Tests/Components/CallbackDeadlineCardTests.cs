using Bunit;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components;

/// <summary>The card (feed, board and detail page all render it) shows the time left until the callback deadline, then 折り返し期限超過.</summary>
public sealed class CallbackDeadlineCardTests : ComponentTest
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);

    public CallbackDeadlineCardTests()
    {
        Services.AddSingleton<TimeProvider>(time);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        RenderPopoverProvider();
    }

    private static MessageDto Message(DateTimeOffset? dueAt, DateTimeOffset? calledBackAt = null, MessageStatus status = MessageStatus.Acknowledged) => new(
        Guid.NewGuid(), "alpha-clinic", Now.AddMinutes(-5), "山田 花子", "", "+819012345678", "", "車に鍵を閉じ込めた", "", Urgency.Emergency, "", "オペレーター",
        status, Now.AddMinutes(-4), "スタッフA1", ChangeChannel.Dashboard, status == MessageStatus.Resolved ? Now : null, null, null, Now, [],
        calledBackAt, calledBackAt is null ? null : "スタッフA1", dueAt, [], []);

    private IRenderedComponent<MessageCard> RenderCard(MessageDto message) => Render<MessageCard>(p => p
        .Add(c => c.Message, message).Add(c => c.TimeZone, Tokyo).Add(c => c.Now, Now));

    [Fact]
    public void AcknowledgedMessage_ShowsTheTimeLeft_TicksLive_ThenShowsOverdue()
    {
        var cut = RenderCard(Message(Now.AddSeconds(90)));

        Assert.Equal("折り返し期限まで 1:30", cut.Find("[data-testid=callback-deadline-left]").TextContent.Trim());

        time.Advance(TimeSpan.FromSeconds(31));
        cut.WaitForAssertion(() => Assert.Equal("折り返し期限まで 0:59", cut.Find("[data-testid=callback-deadline-left]").TextContent.Trim()));

        time.Advance(TimeSpan.FromSeconds(60));
        cut.WaitForAssertion(() => Assert.Contains("折り返し期限超過", cut.Find("[data-testid=callback-deadline-overdue]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=callback-deadline]"));
    }

    [Fact]
    public void Overdue_InEnglish()
    {
        UseCulture("en");
        var cut = RenderCard(Message(Now.AddMinutes(-1)));

        Assert.Contains("Callback overdue", cut.Find("[data-testid=callback-deadline-overdue]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDeadline_CalledBack_OrResolved_ShowsNothing()
    {
        foreach (var message in new[]
        {
            Message(null),
            Message(Now.AddMinutes(5), calledBackAt: Now),
            Message(Now.AddMinutes(-5), status: MessageStatus.Resolved),
        })
        {
            var cut = RenderCard(message);
            Assert.Empty(cut.FindAll("[data-testid=callback-deadline]"));
            Assert.Empty(cut.FindAll("[data-testid=callback-deadline-overdue]"));
        }
    }
}
