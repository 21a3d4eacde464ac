using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Features.Notifications.Email;

/// <summary>What a valid acknowledge link was issued for.</summary>
public sealed record AcknowledgeClaims(Guid TenantId, Guid MessageId, Guid AttemptId, byte[] RecipientKey, string Language, DateTimeOffset IssuedAt)
{
    /// <summary>The reply path this link stands for: acknowledging the message through the attempt it was sent by.</summary>
    public ReplyPath Path => new(ReplyMeaning.Acknowledge, TenantId, AttemptId, MessageId);

    /// <summary>Whether a send went where this link was made for: by e-mail, to the same person.</summary>
    public bool Matches(NotificationChannel? sentVia, NotificationRecipient? sentTo) =>
        sentVia == NotificationChannel.Email && sentTo is not null
        && CryptographicOperations.FixedTimeEquals(RecipientKey, AcknowledgeTokens.RecipientKeyOf(sentTo.ContactId, sentTo.Address));
}

/// <summary>
/// The secret in an e-mail's acknowledge link. Encrypted and signed with Data Protection, whose keys live in
/// PostgreSQL, so any node can read a link another node made. The issue time is inside, checked against the
/// app's clock; single use is not the token's job: the attempt reaching Acknowledged is what uses it up.
/// </summary>
public sealed class AcknowledgeTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private const int RecipientKeyLength = 16;

    private readonly TimedTokens tokens = new(protection.CreateProtector("Dashboard.Notifications.Email.AcknowledgeToken.v1"), time,
        Lifetime, payloadLength: 1 + 1 + 16 * 3 + RecipientKeyLength + 8, formatVersion: 1);

    /// <summary>A URL-safe token for the attempt <paramref name="attemptId"/> of a message to one person, issued now.</summary>
    public string Issue(Guid tenantId, Guid messageId, Guid attemptId, Guid? contactId, string address, string language)
    {
        var payload = tokens.NewPayload();
        var span = payload.AsSpan();
        span[1] = language == "en" ? (byte)1 : (byte)0;
        tenantId.TryWriteBytes(span[2..18]);
        messageId.TryWriteBytes(span[18..34]);
        attemptId.TryWriteBytes(span[34..50]);
        RecipientKeyOf(contactId, address).CopyTo(span[50..66]);
        return tokens.Issue(payload);
    }

    /// <summary>Reads a token; <paramref name="claims"/> is set for a valid or an expired one (an expired link still knows its language).</summary>
    public TokenValidity Read(string? token, out AcknowledgeClaims? claims)
    {
        var validity = tokens.Read(token, out var payload, out var issuedAt);
        claims = payload is null ? null : new AcknowledgeClaims(new Guid(payload.AsSpan(2, 16)), new Guid(payload.AsSpan(18, 16)),
            new Guid(payload.AsSpan(34, 16)), payload[50..66], payload[1] == 1 ? "en" : "ja", issuedAt);
        return validity;
    }

    /// <summary>The person a link is for: the contact, or for "all staff" attempts (no contact) the address.</summary>
    internal static byte[] RecipientKeyOf(Guid? contact, string address)
    {
        var recipient = contact is { } contactId ? $"contact:{contactId:N}" : $"address:{address.Trim().ToUpperInvariant()}";
        return SHA256.HashData(Encoding.UTF8.GetBytes(recipient))[..RecipientKeyLength];
    }
}
