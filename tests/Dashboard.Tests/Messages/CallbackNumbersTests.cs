using Dashboard.Features.Messages;

namespace Dashboard.Tests.Messages;

/// <summary>The callback number is the most important field: stored as E.164, Japan assumed when no country is given.</summary>
public sealed class CallbackNumbersTests
{
    [Theory]
    [InlineData("03-1234-5678", "+81312345678")]
    [InlineData("0312345678", "+81312345678")]
    [InlineData("(03) 1234-5678", "+81312345678")]
    [InlineData("  03 1234 5678  ", "+81312345678")]
    [InlineData("+81 3-1234-5678", "+81312345678")]
    [InlineData("+81312345678", "+81312345678")]
    [InlineData("090-1234-5678", "+819012345678")]
    [InlineData("080 9876 5432", "+818098765432")]
    [InlineData("070-1234-5678", "+817012345678")]
    [InlineData("06-6123-4567", "+81661234567")]
    [InlineData("0120-123-456", "+81120123456")]
    [InlineData("０９０－１２３４－５６７８", "+819012345678")]
    [InlineData("+1 650-253-0000", "+16502530000")]
    [InlineData("+1 (212) 736-5000", "+12127365000")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    public void TryNormalize_ValidNumber_GivesE164(string raw, string expected)
    {
        Assert.True(CallbackNumbers.TryNormalize(raw, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12")]
    [InlineData("abc")]
    [InlineData("not a number")]
    [InlineData("03-1234")]
    [InlineData("090-1234-567")]
    [InlineData("090-1234-56789")]
    [InlineData("+1 000-000-0000")]
    [InlineData("+999 1234 5678")]
    [InlineData("03-1234-5678; DROP TABLE")]
    public void TryNormalize_Junk_IsRejected_WithNoNumber(string? raw)
    {
        Assert.False(CallbackNumbers.TryNormalize(raw, out var e164));
        Assert.Equal("", e164);
    }

    [Theory]
    [InlineData("+81312345678", "03-1234-5678")]
    [InlineData("+819012345678", "090-1234-5678")]
    [InlineData("+16502530000", "+1 650-253-0000")]
    public void Display_ShowsJapaneseNumbersNationally_OthersInternationally(string e164, string expected)
    {
        Assert.Equal(expected, CallbackNumbers.Display(e164));
    }
}
