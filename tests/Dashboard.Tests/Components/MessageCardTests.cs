using Bunit;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Messages;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Components;

public sealed class MessageCardTests : ComponentTest
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset Received = new(2026, 11, 28, 4, 3, 0, TimeSpan.Zero); // 13:03 in Tokyo

    public MessageCardTests() => RenderPopoverProvider();

    private static MessageDto Message(
        Urgency urgency = Urgency.Emergency, MessageStatus status = MessageStatus.New, IReadOnlyList<string>? seenBy = null) => new(
        Id: Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
        Tenant: "alpha-clinic",
        ReceivedAt: Received,
        CallerName: "山田 花子",
        CallerOrganization: "山田商事",
        CallbackNumber: "+819012345678",
        ForWhom: "院長",
        Subject: "車に鍵を閉じ込めた",
        Body: "立体駐車場で車に鍵を閉じ込めてしまった。",
        Urgency: urgency,
        OperatorNote: "",
        OperatorName: "オペレーター",
        Status: status,
        AcknowledgedAt: status == MessageStatus.New ? null : Received.AddMinutes(2),
        AcknowledgedBy: status == MessageStatus.New ? null : "スタッフA1",
        AcknowledgedVia: status == MessageStatus.New ? null : ChangeChannel.Dashboard,
        ResolvedAt: status == MessageStatus.Resolved ? Received.AddMinutes(9) : null,
        ResolvedBy: status == MessageStatus.Resolved ? "スタッフA2" : null,
        ResolvedVia: status == MessageStatus.Resolved ? ChangeChannel.Dashboard : null,
        UpdatedAt: Received,
        SeenBy: seenBy ?? []);

    private IRenderedComponent<MessageCard> RenderCard(
        MessageDto message, Action? onAcknowledge = null, Action? onResolve = null, bool busy = false, string? tenantName = null, bool showBody = false)
    {
        return Render<MessageCard>(p =>
        {
            p.Add(c => c.Message, message)
                .Add(c => c.TimeZone, Tokyo)
                .Add(c => c.Now, Received.AddMinutes(5))
                .Add(c => c.Busy, busy)
                .Add(c => c.TenantName, tenantName)
                .Add(c => c.ShowBody, showBody)
                .Add(c => c.DetailHref, $"/messages/{message.Id}");
            if (onAcknowledge is not null)
            {
                p.Add(c => c.OnAcknowledge, EventCallback.Factory.Create(this, onAcknowledge));
            }
            if (onResolve is not null)
            {
                p.Add(c => c.OnResolve, EventCallback.Factory.Create(this, onResolve));
            }
        });
    }

    [Fact]
    public void NewMessage_WithHandler_ShowsAcknowledgeButton_ThatCallsIt()
    {
        var acknowledged = 0;
        var cut = RenderCard(Message(), onAcknowledge: () => acknowledged++);

        var button = cut.Find("[data-testid='acknowledge']");
        Assert.Equal("確認しました", button.TextContent.Trim());
        Assert.False(button.HasAttribute("disabled"));
        button.Click();

        // MudBlazor's buttons invoke their handler asynchronously: wait for its effect.
        cut.WaitForAssertion(() => Assert.Equal(1, acknowledged));
    }

    [Theory]
    [InlineData(MessageStatus.Acknowledged)]
    [InlineData(MessageStatus.Resolved)]
    public void TakenMessage_HasNoAcknowledgeButton(MessageStatus status)
    {
        var cut = RenderCard(Message(status: status), onAcknowledge: () => { }, onResolve: () => { });

        Assert.Empty(cut.FindAll("[data-testid='acknowledge']"));
        Assert.Equal(status == MessageStatus.Acknowledged, cut.FindAll("[data-testid='resolve']").Count == 1);
    }

    [Fact]
    public void WithoutHandler_NoActionButtons()
    {
        var cut = RenderCard(Message());

        Assert.Empty(cut.FindAll("[data-testid='acknowledge']"));
        Assert.Empty(cut.FindAll("[data-testid='resolve']"));
        Assert.Equal("/messages/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", cut.Find("[data-testid='open-detail']").GetAttribute("href"));
    }

    [Fact]
    public void Busy_DisablesAcknowledge()
    {
        var cut = RenderCard(Message(), onAcknowledge: () => { }, busy: true);

        Assert.True(cut.Find("[data-testid='acknowledge']").HasAttribute("disabled"));
    }

    [Fact]
    public void AcknowledgedMessage_SaysWhoTookItAndWhen_InTheTenantsTimeZone()
    {
        var cut = RenderCard(Message(status: MessageStatus.Acknowledged));

        Assert.Equal("スタッフA1 さんが確認（13:05）", cut.Find("[data-testid='acknowledged-by']").TextContent.Trim());
        Assert.Equal("Acknowledged", cut.Find("[data-testid='message-card']").GetAttribute("data-status"));
        Assert.Equal("確認済み", cut.Find("[data-testid='status']").TextContent.Trim());
    }

    [Fact]
    public void AcknowledgedBy_InEnglish()
    {
        UseCulture("en");

        var cut = RenderCard(Message(status: MessageStatus.Acknowledged));

        Assert.Equal("Taken by スタッフA1 at 13:05", cut.Find("[data-testid='acknowledged-by']").TextContent.Trim());
    }

    [Fact]
    public void NewMessage_HasNoAcknowledgedByLine()
    {
        var cut = RenderCard(Message());

        Assert.Empty(cut.FindAll("[data-testid='acknowledged-by']"));
    }

    [Fact]
    public void SeenBy_ListsEveryViewer()
    {
        var cut = RenderCard(Message(seenBy: ["スタッフA1", "スタッフA2"]));

        Assert.Equal("既読：スタッフA1、スタッフA2", cut.Find("[data-testid='seen-by']").TextContent.Trim());
    }

    [Fact]
    public void NobodySeenIt_NoSeenByLine()
    {
        var cut = RenderCard(Message());

        Assert.Empty(cut.FindAll("[data-testid='seen-by']"));
    }

    [Theory]
    [InlineData(Urgency.Emergency, MessageStatus.New, "open-emergency")]
    [InlineData(Urgency.Urgent, MessageStatus.New, "open-urgent")]
    [InlineData(Urgency.Normal, MessageStatus.New, "open-normal")]
    [InlineData(Urgency.Emergency, MessageStatus.Acknowledged, "taken")]
    [InlineData(Urgency.Emergency, MessageStatus.Resolved, "taken")]
    public void Highlight_FollowsUrgencyUntilTaken(Urgency urgency, MessageStatus status, string expected)
    {
        var cut = RenderCard(Message(urgency, status));

        var classes = cut.Find("[data-testid='message-card']").ClassList;
        Assert.Contains(expected, classes);
        Assert.Single(classes, c => c.StartsWith("open-", StringComparison.Ordinal) || c == "taken");
    }

    [Fact]
    public void CallbackNumber_IsATelLinkInE164_ShownNationally()
    {
        var cut = RenderCard(Message());

        var link = cut.Find("[data-testid='message-card'] a[data-testid='callback']");
        Assert.Equal("tel:+819012345678", link.GetAttribute("href"));
        Assert.Equal("090-1234-5678", link.TextContent.Trim());
    }

    [Fact]
    public void ShowsMessageBasics()
    {
        var cut = RenderCard(Message());

        var card = cut.Find("[data-testid='message-card']");
        Assert.Equal("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", card.GetAttribute("data-message-id"));
        Assert.Equal("New", card.GetAttribute("data-status"));
        Assert.Equal("車に鍵を閉じ込めた", cut.Find("[data-testid='subject']").TextContent.Trim());
        Assert.Equal("Emergency", cut.Find("[data-testid='urgency']").GetAttribute("data-urgency"));
        Assert.Contains("13:03", cut.Find("[data-testid='received-at']").TextContent);
        Assert.Contains("5分前", cut.Find("[data-testid='received-at']").TextContent);
        Assert.Contains("宛先: 院長", card.TextContent);
        Assert.Contains("（山田商事）", card.TextContent);
    }

    [Fact]
    public void TenantName_OnlyWhenGiven()
    {
        Assert.Empty(RenderCard(Message()).FindAll("[data-testid='tenant-name']"));

        var cut = RenderCard(Message(), tenantName: "アルファ歯科");

        Assert.Equal("アルファ歯科", cut.Find("[data-testid='tenant-name']").TextContent.Trim());
    }

    [Fact]
    public void Body_OnlyWhenAskedFor()
    {
        Assert.DoesNotContain("立体駐車場", RenderCard(Message()).Markup, StringComparison.Ordinal);

        Assert.Contains("立体駐車場", RenderCard(Message(), showBody: true).Markup, StringComparison.Ordinal);
    }
}
