using System.Net;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Security;

/// <summary>Sign-in attempts per account, from whatever client: then 429 with Retry-After, for that account only.</summary>
public sealed class AccountRateLimitTests(AccountLimitFixture fixture) : IClassFixture<AccountLimitFixture>
{
    [Fact]
    public async Task AttemptsBeyondTheAccountsLimit_Get429WithRetryAfter_AndOtherAccountsAreUnaffected()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        for (var i = 0; i < AccountLimitFixture.Limit; i++)
        {
            using var failed = await SignedInClient.PostSignInFormAsync(http, TestWorld.StaffB, "Wrong-Pass-2026!");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        // The right password does not get past the limit either, nor does the address typed differently.
        using var refused = await SignedInClient.PostSignInFormAsync(http, TestWorld.StaffB.ToUpperInvariant(), TestWorld.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        using var other = await fixture.SignInAsync(TestWorld.StaffA1);
        Assert.NotNull(other);
    }
}
