using System.Security.Cryptography;
using System.Text;
using Dashboard.Features.Notifications.Email;
using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Features.Contacts;

/// <summary>What a "this address works" link was issued for: one contact of one tenant, at one exact e-mail address.</summary>
public sealed record VerifyClaims(Guid TenantId, Guid ContactId, byte[] AddressKey, string Language)
{
    /// <summary>Whether <paramref name="address"/> is exactly the address the test e-mail went to.</summary>
    public bool IsFor(string address) => CryptographicOperations.FixedTimeEquals(AddressKey, VerifyTokens.AddressKeyOf(address));
}

/// <summary>
/// The secret in a test e-mail's verify link: same machinery as the acknowledge link (<see cref="TimedTokens"/>),
/// its own purpose, so neither kind of link can stand in for the other. Lives 24 hours by the app's clock.
/// </summary>
public sealed class VerifyTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const int AddressKeyLength = 16;

    private readonly TimedTokens tokens = new(protection.CreateProtector("Dashboard.AccountManagement.Contacts.VerifyToken.v1"), time,
        Lifetime, payloadLength: 1 + 1 + 16 * 2 + AddressKeyLength + 8, formatVersion: 1);

    public string Issue(Guid tenantId, Guid contactId, string address, string language)
    {
        var payload = tokens.NewPayload();
        var span = payload.AsSpan();
        span[1] = language == "en" ? (byte)1 : (byte)0;
        tenantId.TryWriteBytes(span[2..18]);
        contactId.TryWriteBytes(span[18..34]);
        AddressKeyOf(address).CopyTo(span[34..50]);
        return tokens.Issue(payload);
    }

    /// <summary>Reads a token; <paramref name="claims"/> is set for a valid or an expired one (an expired link still knows its language).</summary>
    public TokenValidity Read(string? token, out VerifyClaims? claims)
    {
        var validity = tokens.Read(token, out var payload, out _);
        claims = payload is null ? null
            : new VerifyClaims(new Guid(payload.AsSpan(2, 16)), new Guid(payload.AsSpan(18, 16)), payload[34..50], payload[1] == 1 ? "en" : "ja");
        return validity;
    }

    /// <summary>The exact address, hashed: the link does not need to carry it, only to recognise it.</summary>
    internal static byte[] AddressKeyOf(string address) => SHA256.HashData(Encoding.UTF8.GetBytes(address))[..AddressKeyLength];
}
