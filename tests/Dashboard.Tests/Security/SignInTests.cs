using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Security;

/// <summary>The sign-in form tells a stranger nothing: unknown, wrong-password and locked accounts get the same answer.</summary>
public sealed partial class SignInTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<(HttpStatusCode Status, string Error)> TrySignInAsync(string email, string password)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        using var response = await SignedInClient.PostSignInFormAsync(http, email, password);
        var html = await response.Content.ReadAsStringAsync(Token);
        return (response.StatusCode, LoginError().Match(html).Groups[1].Value.Trim());
    }

    [Fact]
    public async Task UnknownWrongPasswordAndLockedAccounts_GetTheSameAnswer_EvenWithTheRightPassword()
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var locked = await db.Users.SingleAsync(u => u.Email == TestWorld.StaffA2, Token);
            locked.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            await db.SaveChangesAsync(Token);
        }

        var unknown = await TrySignInAsync("nobody-here@alpha.example", "Wrong-Pass-2026!");
        var wrongPassword = await TrySignInAsync(TestWorld.StaffA1, "Wrong-Pass-2026!");
        var lockedWrong = await TrySignInAsync(TestWorld.StaffA2, "Wrong-Pass-2026!");
        var lockedRight = await TrySignInAsync(TestWorld.StaffA2, TestWorld.Password);

        Assert.NotEmpty(unknown.Error);
        Assert.All([wrongPassword, lockedWrong, lockedRight], answer => Assert.Equal(unknown, answer));
    }

    [Fact]
    public async Task Logout_WithoutTheAntiforgeryToken_IsRefused_AndTheUserStaysSignedIn()
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);

        using var forged = await staff.Http.PostAsync("/Account/Logout", new FormUrlEncodedContent([]), Token);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var stillIn = await staff.Http.GetAsync("/feed", Token);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
    }

    [Fact]
    public async Task Logout_WithTheTokenFromThePage_SignsOut()
    {
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);
        var page = await staff.Http.GetStringAsync("/feed", Token);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);

        using var logout = await staff.Http.PostAsync("/Account/Logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }), Token);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await staff.Http.GetAsync("/feed", Token);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"login-error\"[^>]*>(?:\\s*<[^>]+>)*\\s*([^<]+)")]
    private static partial Regex LoginError();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
