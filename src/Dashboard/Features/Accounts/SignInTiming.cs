using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Accounts;

/// <summary>
/// Makes a sign-in for an unknown or a locked account cost what a wrong password costs (one password hash
/// verification), so neither the answer nor its timing tells a stranger which accounts exist or are locked.
/// </summary>
public sealed class SignInTiming(IPasswordHasher<ApplicationUser> hasher)
{
    private static string? dummyHash;

    public void VerifyAgainstDummy(string password)
    {
        var user = new ApplicationUser();
        dummyHash ??= hasher.HashPassword(user, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(user, dummyHash, password);
    }
}
