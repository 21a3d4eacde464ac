using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.EndToEnd;

/// <summary>The main pages of every role become interactive under the app's Content-Security-Policy, and the browser refuses nothing.</summary>
public sealed class ContentSecurityPolicyJourneyTests(AppFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<AppFixture>
{
    [Theory]
    [InlineData(TestWorld.StaffA1, "/feed", "/me")]
    [InlineData(TestWorld.Operator, "/console", "/board")]
    [InlineData(TestWorld.ManagerA, "/manage", "/manage/alpha-clinic/hours")]
    [InlineData(TestWorld.Admin, "/admin/users", "/admin/audit")]
    public async Task MainPages_RunUnderTheCsp_WithoutAViolation(string email, string first, string second)
    {
        var page = await SignInAsync("user", email, first);

        await page.GotoAsync(second);
        await page.WaitForInteractiveAsync();
        await page.GotoAsync("/Account/Login");

        Assert.Empty(PolicyViolations);
    }

    [Fact]
    public async Task LinkPageFromAnEmail_RendersUnderTheCsp_WithoutAViolation()
    {
        var page = await NewPageAsync("recipient");

        await page.GotoAsync("/ack/not-a-real-token");
        await page.GotoAsync("/verify/not-a-real-token");

        Assert.Empty(PolicyViolations);
    }
}
