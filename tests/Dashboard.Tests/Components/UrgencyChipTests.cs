using Bunit;
using Dashboard.Features.Messages;

namespace Dashboard.Tests.Components;

/// <summary>Urgency is never colour alone: word, icon and colour together; Emergency filled, the others outlined.</summary>
public sealed class UrgencyChipTests : ComponentTest
{
    [Theory]
    [InlineData(Urgency.Normal, "ja", "通常", "default", "outlined")]
    [InlineData(Urgency.Urgent, "ja", "至急", "warning", "outlined")]
    [InlineData(Urgency.Emergency, "ja", "緊急", "error", "filled")]
    [InlineData(Urgency.Normal, "en", "Normal", "default", "outlined")]
    [InlineData(Urgency.Urgent, "en", "Urgent", "warning", "outlined")]
    [InlineData(Urgency.Emergency, "en", "Emergency", "error", "filled")]
    public void ShowsWordIconAndColour(Urgency urgency, string culture, string word, string color, string variant)
    {
        UseCulture(culture);

        var cut = Render<UrgencyChip>(p => p.Add(c => c.Urgency, urgency));

        var chip = cut.Find("[data-testid='urgency']");
        Assert.Equal(urgency.ToString(), chip.GetAttribute("data-urgency"));
        Assert.Equal(word, chip.TextContent.Trim());
        Assert.Contains($"mud-chip-color-{color}", chip.ClassList);
        Assert.Contains($"mud-chip-{variant}", chip.ClassList);
        var expectedIcon = IconPaths(UrgencyStyle.For(urgency).Icon);
        Assert.NotEmpty(expectedIcon);
        Assert.Superset(expectedIcon.ToHashSet(), RenderedPaths(chip).ToHashSet());
    }

    [Fact]
    public void EachUrgencyHasItsOwnIconAndColour()
    {
        var styles = Enum.GetValues<Urgency>().Select(UrgencyStyle.For).ToList();

        Assert.Equal(styles.Count, styles.Select(s => s.Icon).Distinct().Count());
        Assert.Equal(styles.Count, styles.Select(s => s.Color).Distinct().Count());
        Assert.Equal(styles.Count, styles.Select(s => s.CssClass).Distinct().Count());
    }

    [Fact]
    public void SizeCanBeRaised()
    {
        var cut = Render<UrgencyChip>(p => p.Add(c => c.Urgency, Urgency.Emergency).Add(c => c.Size, MudBlazor.Size.Large));

        Assert.Contains("mud-chip-size-large", cut.Find("[data-testid='urgency']").ClassList);
    }
}
