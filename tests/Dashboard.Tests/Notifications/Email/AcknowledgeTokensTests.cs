using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>The acknowledge link's secret on its own: what it carries, how long it lives, and that it cannot be altered.</summary>
public sealed class AcknowledgeTokensTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 28, 3, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(IssuedAt);
    private readonly AcknowledgeTokens tokens;

    public AcknowledgeTokensTests() => tokens = new AcknowledgeTokens(new EphemeralDataProtectionProvider(), clock);

    private static NotificationAttempt Attempt(Guid? contactId = null, string address = "lead@alpha.example", string language = "en") => new()
    {
        TenantId = Guid.NewGuid(), MessageId = Guid.NewGuid(), ContactId = contactId, Address = address,
        Channel = NotificationChannel.Email, Language = language, RecipientName = "担当",
    };

    [Fact]
    public void Token_IsUrlSafe_AndCarriesWhatItWasIssuedFor()
    {
        var attempt = Attempt(contactId: Guid.NewGuid());

        var token = tokens.Issue(attempt);

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.Equal(TokenValidity.Valid, tokens.Read(token, out var claims));
        Assert.Equal((attempt.TenantId, attempt.MessageId, attempt.Id, "en", IssuedAt), (claims!.TenantId, claims.MessageId, claims.AttemptId, claims.Language, claims.IssuedAt));
        Assert.True(claims.Matches(attempt));
    }

    [Fact]
    public void Token_ExpiresTwentyFourHoursAfterItWasIssued_ByTheAppsClock()
    {
        var token = tokens.Issue(Attempt());

        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(TokenValidity.Valid, tokens.Read(token, out _));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenValidity.Expired, tokens.Read(token, out var claims));
        Assert.Equal("en", claims!.Language);
    }

    [Fact]
    public void AlteredOrForeignToken_IsInvalid()
    {
        var token = tokens.Issue(Attempt());
        var otherKeys = new AcknowledgeTokens(new EphemeralDataProtectionProvider(), clock).Issue(Attempt());

        foreach (var bad in new[] { token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), token[1..], otherKeys, "", "%%%", new string('A', 5000) })
        {
            Assert.Equal(TokenValidity.Invalid, tokens.Read(bad, out var claims));
            Assert.Null(claims);
        }
    }

    [Fact]
    public void Token_OnlyMatchesTheAttemptAndPersonItWasIssuedFor()
    {
        var contact = Attempt(contactId: Guid.NewGuid());
        var staff = Attempt(address: "a1@alpha.example");
        tokens.Read(tokens.Issue(contact), out var contactClaims);
        tokens.Read(tokens.Issue(staff), out var staffClaims);

        Assert.True(staffClaims!.Matches(staff));
        Assert.False(contactClaims!.Matches(new NotificationAttempt { Id = contact.Id, TenantId = contact.TenantId, MessageId = contact.MessageId, ContactId = Guid.NewGuid(), Address = contact.Address }));
        Assert.False(staffClaims!.Matches(new NotificationAttempt { Id = staff.Id, TenantId = staff.TenantId, MessageId = staff.MessageId, Address = "a2@alpha.example" }));
        Assert.False(staffClaims!.Matches(new NotificationAttempt { Id = staff.Id, TenantId = staff.TenantId, MessageId = staff.MessageId, Address = staff.Address, Channel = NotificationChannel.PhoneCall }));
    }
}
