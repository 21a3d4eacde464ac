using Bunit;
using Dashboard.Features.Messages;

namespace Dashboard.Tests.Components;

/// <summary>The callback number: one tap to call (tel: with E.164), shown the way people read it.</summary>
public sealed class CallbackLinkTests : ComponentTest
{
    [Theory]
    [InlineData("+819012345678", "090-1234-5678")]
    [InlineData("+81312345678", "03-1234-5678")]
    [InlineData("+12025550143", "+1 202-555-0143")]
    public void LinksTelWithE164_AndShowsReadableNumber(string e164, string shown)
    {
        var cut = Render<CallbackLink>(p => p.Add(c => c.Number, e164));

        var link = cut.Find("a[data-testid='callback']");
        Assert.Equal($"tel:{e164}", link.GetAttribute("href"));
        Assert.Equal(shown, link.TextContent.Trim());
        Assert.Contains("callback-number", link.ClassList);
        Assert.Equal("折り返し先", link.GetAttribute("aria-label"));
    }
}
