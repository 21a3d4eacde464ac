using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Features.Notifications.Email;

public enum TokenValidity
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>
/// The machinery of a link's secret: a fixed-length payload that starts with a format version and ends with the
/// issue time, encrypted and signed with Data Protection (keys in PostgreSQL, so any node reads any node's
/// link), URL-safe, and expired by the app's clock. Each kind of link has its own protector purpose.
/// </summary>
public sealed class TimedTokens(IDataProtector protector, TimeProvider time, TimeSpan lifetime, int payloadLength, byte formatVersion)
{
    private const int IssuedAtLength = 8;

    /// <summary>A fresh payload buffer: the version written, room left at the end for the issue time.</summary>
    public byte[] NewPayload()
    {
        var payload = new byte[payloadLength];
        payload[0] = formatVersion;
        return payload;
    }

    /// <summary>Stamps the issue time (now) into <paramref name="payload"/> and returns the token.</summary>
    public string Issue(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(payloadLength - IssuedAtLength), time.GetUtcNow().ToUnixTimeSeconds());
        return Base64Url.EncodeToString(protector.Protect(payload));
    }

    /// <summary>Reads a token; <paramref name="payload"/> is set for a valid or an expired one.</summary>
    public TokenValidity Read(string? token, out byte[]? payload, out DateTimeOffset issuedAt)
    {
        payload = null;
        issuedAt = default;
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return TokenValidity.Invalid;
        }
        byte[] plain;
        try
        {
            plain = protector.Unprotect(Base64Url.DecodeFromChars(token));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return TokenValidity.Invalid;
        }
        if (plain.Length != payloadLength || plain[0] != formatVersion)
        {
            return TokenValidity.Invalid;
        }
        payload = plain;
        issuedAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(payloadLength - IssuedAtLength)));
        return time.GetUtcNow() - issuedAt > lifetime ? TokenValidity.Expired : TokenValidity.Valid;
    }
}
