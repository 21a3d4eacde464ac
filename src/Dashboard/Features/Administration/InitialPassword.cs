using System.Security.Cryptography;

namespace Dashboard.Features.Administration;

/// <summary>A random first password that meets Identity's rules (length, upper, lower, digit, symbol), without look-alike characters.</summary>
public static class InitialPassword
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "!#%+-=?@";

    public static string Create()
    {
        char[] chars =
        [
            .. RandomNumberGenerator.GetItems<char>(Lower + Upper + Digits, 12),
            RandomNumberGenerator.GetItems<char>(Lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(Upper, 1)[0],
            RandomNumberGenerator.GetItems<char>(Digits, 1)[0],
            RandomNumberGenerator.GetItems<char>(Symbols, 1)[0],
        ];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
