using System.Net;
using System.Xml.Linq;
using Dashboard.Features.Contacts;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Phone;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>
/// A real test call (against the Twilio stub): Twilio fetches its own test TwiML, and "press 1" marks the
/// contact's number verified, audited, only while it is still the number that was called.
/// </summary>
public sealed class ContactTestCallTests(TwilioFixture fixture) : IClassFixture<TwilioFixture>, IAsyncLifetime
{
    private const string Phone = "+819011112222";

    private readonly FakeTwilio twilio = new(TwilioStub.AuthToken);
    private Contact contact = default!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Stub.Reset();
        contact = new Contact { TenantId = fixture.World.TenantA.Id, Name = "Ichiro Lead", Phone = Phone, Language = "en" };
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync()
    {
        twilio.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TestCall_AsksTwilioToFetchTheTestVoiceWebhook_AndReportsSent()
    {
        var result = await TestCallAsync();

        Assert.Equal(ContactTestOutcome.Sent, result.Outcome);
        var request = Assert.Single(fixture.Stub.Requests);
        Assert.Equal(Phone, request["To"]);
        Assert.Equal(VoiceUrl.AbsoluteUri, request["Url"]);
        Assert.Null(request["StatusCallback"]);
    }

    [Fact]
    public async Task TestVoice_SpeaksTheContactsLanguage_AndGathersOneDigit()
    {
        await TestCallAsync();

        var twiml = await PostForTwimlAsync(new Uri(fixture.Stub.Requests.Single()["Url"]!), Fields());

        var gather = twiml.Element("Gather")!;
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
        Assert.Equal(GatherUrl.AbsoluteUri, gather.Attribute("action")?.Value);
        Assert.All(twiml.Descendants("Say"), say => Assert.Equal("en-US", say.Attribute("language")?.Value));
        Assert.Contains("test call", Spoken(twiml), StringComparison.Ordinal);
        Assert.Contains("Press 1 to confirm this number", Spoken(twiml), StringComparison.Ordinal);
        Assert.Contains(fixture.World.TenantA.DisplayName, Spoken(twiml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PressingOne_VerifiesThePhone_AndTheAuditLogNamesTheContact()
    {
        var twiml = await PostForTwimlAsync(GatherUrl, Fields(("Digits", "1")));

        Assert.Contains("confirmed", Spoken(twiml), StringComparison.Ordinal);
        Assert.NotNull(twiml.Element("Hangup"));
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.NotNull((await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token)).PhoneVerifiedAt);
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(Contact) && a.EntityId == contact.Id.ToString() && a.Action == Dashboard.Features.Audit.AuditAction.Updated, Token);
        Assert.Null(audit.ActorUserId);
        Assert.Contains(contact.Name, audit.ActorName, StringComparison.Ordinal);
        Assert.Contains("PhoneVerifiedAt", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherKey_AsksAgain_AndVerifiesNothing()
    {
        var twiml = await PostForTwimlAsync(GatherUrl, Fields(("Digits", "7")));

        Assert.NotNull(twiml.Element("Gather"));
        Assert.Null(await VerifiedAtAsync());
    }

    [Fact]
    public async Task ForgedSignature_Is403_AndVerifiesNothing()
    {
        using var response = await twilio.PostAsync(GatherUrl, Fields(("Digits", "1")), Token, FakeTwilio.Signing.Forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await VerifiedAtAsync());
    }

    [Fact]
    public async Task PressingOne_AfterTheNumberChanged_DoesNotVerifyTheNewNumber()
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            (await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token)).Phone = "+819099998888";
            await db.SaveChangesAsync(Token);
        }

        var twiml = await PostForTwimlAsync(GatherUrl, Fields(("Digits", "1")));

        Assert.Contains("not confirmed", Spoken(twiml), StringComparison.Ordinal);
        Assert.Null(await VerifiedAtAsync());
    }

    private Uri VoiceUrl => fixture.App.Services.GetRequiredService<Dashboard.Features.Notifications.PublicUrls>()
        .For($"twilio/{fixture.World.TenantA.Id}/contacts/{contact.Id}/test/voice");

    private Uri GatherUrl => new(VoiceUrl.AbsoluteUri.Replace("/voice", "/gather", StringComparison.Ordinal));

    private static Dictionary<string, string> Fields(params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = TwilioStub.AccountSid, ["CallSid"] = "CA" + new string('1', 32), ["Direction"] = "outbound-api",
            ["From"] = TwilioStub.FromNumber, ["To"] = Phone, ["CallStatus"] = "in-progress",
        };
        foreach (var (name, value) in more)
        {
            fields[name] = value;
        }
        return fields;
    }

    private Task<XElement> PostForTwimlAsync(Uri url, Dictionary<string, string> fields) => twilio.PostForTwimlAsync(url, fields, Token);

    private static string Spoken(XElement twiml) => FakeTwilio.Spoken(twiml);

    private async Task<DateTimeOffset?> VerifiedAtAsync()
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return (await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token)).PhoneVerifiedAt;
    }

    private async Task<ContactTestResult> TestCallAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
        return await scope.ServiceProvider.GetRequiredService<ContactTester>().TestAsync(fixture.World.TenantA.Id, contact.Id, NotificationChannel.PhoneCall, Token);
    }
}
