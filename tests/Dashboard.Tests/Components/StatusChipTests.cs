using Bunit;
using Dashboard.Features.Messages;

namespace Dashboard.Tests.Components;

public sealed class StatusChipTests : ComponentTest
{
    [Theory]
    [InlineData(MessageStatus.New, "ja", "未対応", "error")]
    [InlineData(MessageStatus.Acknowledged, "ja", "確認済み", "info")]
    [InlineData(MessageStatus.Resolved, "ja", "対応完了", "success")]
    [InlineData(MessageStatus.New, "en", "New", "error")]
    [InlineData(MessageStatus.Acknowledged, "en", "Acknowledged", "info")]
    [InlineData(MessageStatus.Resolved, "en", "Resolved", "success")]
    public void ShowsWordIconAndColour(MessageStatus status, string culture, string word, string color)
    {
        UseCulture(culture);

        var cut = Render<StatusChip>(p => p.Add(c => c.Status, status));

        var chip = cut.Find("[data-testid='status']");
        Assert.Equal(status.ToString(), chip.GetAttribute("data-status"));
        Assert.Equal(word, chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{color}", chip.ClassList);
        Assert.Superset(IconPaths(UrgencyStyle.StatusIcon(status)).ToHashSet(), RenderedPaths(chip).ToHashSet());
    }
}
