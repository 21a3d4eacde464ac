using MudBlazor;

namespace Dashboard.Features.Messages;

public sealed record UrgencyStyle(Color Color, string Icon, string CssClass)
{
    public static UrgencyStyle For(Urgency urgency) => urgency switch
    {
        Urgency.Emergency => new(Color.Error, Icons.Material.Filled.Warning, "emergency"),
        Urgency.Urgent => new(Color.Warning, Icons.Material.Filled.PriorityHigh, "urgent"),
        _ => new(Color.Default, Icons.Material.Outlined.ChatBubbleOutline, "normal"),
    };

    public static string StatusIcon(MessageStatus status) => status switch
    {
        MessageStatus.New => Icons.Material.Filled.MarkChatUnread,
        MessageStatus.Acknowledged => Icons.Material.Filled.PanTool,
        _ => Icons.Material.Filled.TaskAlt,
    };

    public static Color StatusColor(MessageStatus status) => status switch
    {
        MessageStatus.New => Color.Error,
        MessageStatus.Acknowledged => Color.Info,
        _ => Color.Success,
    };

    /// <summary>The name MudBlazor's CSS classes use for a colour or size (<c>mud-chip-color-error</c>, <c>-size-small</c>).</summary>
    public static string Css(Enum value) => value.ToString().ToLowerInvariant();
}
