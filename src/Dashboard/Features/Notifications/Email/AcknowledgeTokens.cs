using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Features.Escalation;
using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Features.Notifications.Email;

/// <summary>What a valid acknowledge link was issued for.</summary>
public sealed record AcknowledgeClaims(Guid TenantId, Guid MessageId, Guid AttemptId, byte[] RecipientKey, string Language, DateTimeOffset IssuedAt)
{
    /// <summary>Whether the attempt is the one this link was made for: same tenant, message, channel and person.</summary>
    public bool Matches(NotificationAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return attempt.Id == AttemptId && attempt.TenantId == TenantId && attempt.MessageId == MessageId
            && attempt.Channel == NotificationChannel.Email
            && CryptographicOperations.FixedTimeEquals(RecipientKey, AcknowledgeTokens.RecipientKeyOf(attempt));
    }
}

public enum TokenValidity
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>
/// The secret in an e-mail's acknowledge link. Encrypted and signed with Data Protection, whose keys live in
/// PostgreSQL, so any node can read a link another node made. The issue time is inside, checked against the
/// app's clock; single use is not the token's job: the attempt reaching Acknowledged is what uses it up.
/// </summary>
public sealed class AcknowledgeTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const byte FormatVersion = 1;
    private const int RecipientKeyLength = 16;
    private const int PayloadLength = 1 + 1 + 16 * 3 + RecipientKeyLength + 8;

    private readonly IDataProtector protector = protection.CreateProtector("Dashboard.Notifications.Email.AcknowledgeToken.v1");

    /// <summary>A URL-safe token for this attempt, issued now.</summary>
    public string Issue(NotificationAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var payload = new byte[PayloadLength];
        var span = payload.AsSpan();
        span[0] = FormatVersion;
        span[1] = attempt.Language == "en" ? (byte)1 : (byte)0;
        attempt.TenantId.TryWriteBytes(span[2..18]);
        attempt.MessageId.TryWriteBytes(span[18..34]);
        attempt.Id.TryWriteBytes(span[34..50]);
        RecipientKeyOf(attempt).CopyTo(span[50..66]);
        BinaryPrimitives.WriteInt64BigEndian(span[66..], time.GetUtcNow().ToUnixTimeSeconds());
        return Base64Url.EncodeToString(protector.Protect(payload));
    }

    /// <summary>Reads a token; <paramref name="claims"/> is set for a valid or an expired one (an expired link still knows its language).</summary>
    public TokenValidity Read(string? token, out AcknowledgeClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return TokenValidity.Invalid;
        }
        byte[] payload;
        try
        {
            payload = protector.Unprotect(Base64Url.DecodeFromChars(token));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return TokenValidity.Invalid;
        }
        if (payload.Length != PayloadLength || payload[0] != FormatVersion)
        {
            return TokenValidity.Invalid;
        }
        var span = payload.AsSpan();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(span[66..]));
        claims = new AcknowledgeClaims(new Guid(span[2..18]), new Guid(span[18..34]), new Guid(span[34..50]),
            span[50..66].ToArray(), span[1] == 1 ? "en" : "ja", issuedAt);
        return time.GetUtcNow() - issuedAt > Lifetime ? TokenValidity.Expired : TokenValidity.Valid;
    }

    /// <summary>The person a link is for: the contact, or for "all staff" attempts (no contact) the address.</summary>
    internal static byte[] RecipientKeyOf(NotificationAttempt attempt)
    {
        var recipient = attempt.ContactId is { } contactId ? $"contact:{contactId:N}" : $"address:{attempt.Address.Trim().ToUpperInvariant()}";
        return SHA256.HashData(Encoding.UTF8.GetBytes(recipient))[..RecipientKeyLength];
    }
}
