using System.Globalization;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications.Email;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>The escalation e-mail's words: the recipient's language, the tenant's clock, and nothing a caller typed interpreted as HTML.</summary>
public sealed class EscalationEmailComposerTests
{
    private static readonly Uri Link = new("https://dashboard.example/ack/abc_DEF-123");

    private static EscalationEmailComposer Composer()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);
        return new EscalationEmailComposer(new StringLocalizer<SharedResource>(factory));
    }

    private static MessageDto Message(string body = "車内に子どもがいる", string subject = "車に鍵を閉じ込めた", string callerName = "山田 花子") => new(
        Guid.NewGuid(), "alpha-clinic", new DateTimeOffset(2026, 11, 28, 3, 5, 0, TimeSpan.Zero), callerName, "山田商事", "+819012345678",
        "院長", subject, body, Urgency.Emergency, "慌てた様子", "オペレーター", MessageStatus.New, null, null, null, null, null, null,
        DateTimeOffset.UtcNow, [], null, null, null, [], []);

    private static EscalationEmailInput Input(MessageDto message, string language) =>
        new(AlertContent.DetailsOf(message), "アルファ歯科", TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), "担当 一郎", language, Link);

    [Fact]
    public void Japanese_SaysEverythingAPersonNeeds_InTheTenantsTimeZone()
    {
        var mail = Composer().Compose(Input(Message(), "ja"));

        Assert.Equal("【緊急】車に鍵を閉じ込めた（アルファ歯科）", mail.Subject);
        foreach (var part in new[] { mail.Html, mail.Text })
        {
            Assert.Contains("担当 一郎 様", part, StringComparison.Ordinal);
            Assert.Contains("2026/11/28 12:05", part, StringComparison.Ordinal);
            Assert.Contains("山田 花子", part, StringComparison.Ordinal);
            Assert.Contains("山田商事", part, StringComparison.Ordinal);
            Assert.Contains("院長", part, StringComparison.Ordinal);
            Assert.Contains("車内に子どもがいる", part, StringComparison.Ordinal);
            Assert.Contains("090-1234-5678", part, StringComparison.Ordinal);
            Assert.Contains(Link.AbsoluteUri, part, StringComparison.Ordinal);
        }
        Assert.Contains("href=\"tel:+819012345678\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("tel:+819012345678", mail.Text, StringComparison.Ordinal);
        Assert.Equal("電話代行 通知", mail.SenderName);
    }

    [Fact]
    public void English_IsEnglish_WhateverTheCultureOfTheThreadThatSendsIt()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
        try
        {
            var mail = Composer().Compose(Input(Message(), "en"));

            Assert.Equal("[Emergency] 車に鍵を閉じ込めた (アルファ歯科)", mail.Subject);
            Assert.Contains("Dear 担当 一郎,", mail.Text, StringComparison.Ordinal);
            Assert.Contains("Callback number", mail.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("折り返し先", mail.Html, StringComparison.Ordinal);
            Assert.Equal("ja", CultureInfo.CurrentUICulture.Name);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void EveryUserSuppliedField_IsHtmlEncoded()
    {
        const string Attack = "<script>alert(1)</script><a href=\"https://evil.example\">x</a>";

        var mail = Composer().Compose(Input(Message(body: Attack, subject: Attack, callerName: Attack), "ja"));

        Assert.DoesNotContain("<script>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://evil.example\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", mail.Html, StringComparison.Ordinal);
        // The plain-text part shows what was typed, as typed.
        Assert.Contains(Attack, mail.Text, StringComparison.Ordinal);
    }
}
