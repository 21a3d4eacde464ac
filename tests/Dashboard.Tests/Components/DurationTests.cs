using Bunit;
using Dashboard.Components.Shared;

namespace Dashboard.Tests.Components;

public sealed class DurationTests : ComponentTest
{
    [Theory]
    [InlineData(6800.2, "4日17時間")]
    [InlineData(75.0, "1時間15分")]
    [InlineData(12.4, "12分")]
    [InlineData(null, "—")]
    public void ShowsMinutesAsPeopleSayThem_NeverARawDecimal(double? minutes, string expected)
    {
        var cut = Render<Duration>(p => p.Add(x => x.Minutes, minutes));
        Assert.Equal(expected, cut.Find("[data-testid='duration']").TextContent);
    }

    [Fact]
    public void InEnglish_UsesShortUnits()
    {
        UseCulture("en");
        var cut = Render<Duration>(p => p.Add(x => x.Minutes, 6800.2));
        Assert.Equal("4 d 17 h", cut.Find("[data-testid='duration']").TextContent);
    }
}
