using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Xml.Linq;
using Dashboard.Features.Accounts;
using Dashboard.Features.Callbacks.Bridge;
using Dashboard.Features.Contacts;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Phone;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Callbacks;

/// <summary>
/// 「折り返す」 against the Twilio stub: the staff member's phone is called, the TwiML bridges them to the caller from the
/// tenant's caller ID, and the dial's outcome becomes exactly one callback; every webhook is signed and tenant-bound.
/// </summary>
public sealed class BridgeCallTests(TwilioFixture fixture) : IClassFixture<TwilioFixture>, IAsyncLifetime
{
    private const string StaffPhone = "+819011112222";
    private const string CallerId = "+81312345678";

    private readonly FakeTwilio twilio = new(TwilioStub.AuthToken);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Stub.Reset();
    }

    public ValueTask DisposeAsync()
    {
        twilio.Dispose();
        return ValueTask.CompletedTask;
    }

    private Uri AppUrl(string path) => fixture.App.Services.GetRequiredService<PublicUrls>().For(path);

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Token);
    }

    /// <summary>Staff A1's contact (linked to their user) with a phone, and tenant A's caller ID.</summary>
    private async Task ArrangeAsync(string language = "ja", bool withCallerId = true, string? phone = StaffPhone)
    {
        var userId = await UserIdAsync(TestWorld.StaffA1);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        db.Contacts.Add(new Contact { TenantId = fixture.World.TenantA.Id, Name = "スタッフA1", Phone = phone, Language = language, UserId = userId });
        if (withCallerId)
        {
            db.OutgoingCallerIds.Add(new OutgoingCallerId { TenantId = fixture.World.TenantA.Id, Number = CallerId });
        }
        await db.SaveChangesAsync(Token);
    }

    private async Task<Guid> PostEmergencyAsync()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var response = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = "alpha-clinic", callerName = "山田 太郎", callerOrganization = "山田商店", callbackNumber = "090-1234-5678",
            subject = "車に鍵を閉じ込めた", urgency = "Emergency",
        }, Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();
    }

    /// <summary>A scope acting as <paramref name="email"/> signed in to the dashboard (their tenant, their claims).</summary>
    private async Task<AsyncServiceScope> StaffScopeAsync(string email, Guid tenantId, string name)
    {
        var userId = await UserIdAsync(email);
        var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(tenantId);
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(DashboardClaims.DisplayName, name)], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return scope;
    }

    private async Task<BridgeStart> PressAsync(Guid messageId, string email = TestWorld.StaffA1, Guid? tenantId = null, string name = "スタッフA1")
    {
        await using var scope = await StaffScopeAsync(email, tenantId ?? fixture.World.TenantA.Id, name);
        return await scope.ServiceProvider.GetRequiredService<BridgeCalls>().StartAsync(messageId, Token);
    }

    private async Task<BridgeAvailability> AvailabilityAsync(Guid messageId, string email = TestWorld.StaffA1, Guid? tenantId = null)
    {
        await using var scope = await StaffScopeAsync(email, tenantId ?? fixture.World.TenantA.Id, "x");
        return await scope.ServiceProvider.GetRequiredService<BridgeCalls>().AvailabilityAsync(messageId, Token);
    }

    private sealed record Placed(Guid MessageId, BridgeCall Bridge, CallRequest Request);

    private async Task<Placed> PlaceAsync(string language = "ja")
    {
        await ArrangeAsync(language);
        var messageId = await PostEmergencyAsync();
        var started = await PressAsync(messageId);
        Assert.Null(started.Blocked);
        var request = Assert.Single(fixture.Stub.Requests, r => r["To"] == StaffPhone);
        return new Placed(messageId, started.Bridge!, request);
    }

    private Dictionary<string, string> Fields(Placed call, params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = TwilioStub.AccountSid, ["CallSid"] = call.Bridge.CallSid!, ["From"] = TwilioStub.FromNumber, ["To"] = StaffPhone,
            ["CallStatus"] = "in-progress", ["Direction"] = "outbound-api",
        };
        foreach (var (name, value) in more)
        {
            fields[name] = value;
        }
        return fields;
    }

    private Task<XElement> AnswerAsync(Placed call) => twilio.PostForTwimlAsync(new Uri(call.Request["Url"]!), Fields(call), Token);

    private async Task<HttpStatusCode> DialEndsAsync(Placed call, string status, string? duration = null, Uri? url = null)
    {
        var fields = Fields(call, ("DialCallStatus", status), ("DialCallSid", "CA" + new string('d', 32)));
        if (duration is not null)
        {
            fields["DialCallDuration"] = duration;
        }
        using var response = await twilio.PostAsync(url ?? AppUrl(BridgeWebhookPaths.DialStatus(fixture.World.TenantA.Id, call.Bridge.Id)), fields, Token);
        return response.StatusCode;
    }

    private async Task<List<Callback>> CallbacksAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.Callbacks.AsNoTracking().Where(c => c.MessageId == messageId).ToListAsync(Token);
    }

    private async Task<BridgeCall> BridgeAsync(Guid bridgeId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.BridgeCalls.AsNoTracking().SingleAsync(b => b.Id == bridgeId, Token);
    }

    [Fact]
    public async Task Pressing_CallsTheStaffMembersOwnPhone_WithTheBridgesSignedWebhooks()
    {
        var call = await PlaceAsync();

        var tenantId = fixture.World.TenantA.Id;
        Assert.Equal(StaffPhone, call.Request["To"]);
        Assert.Equal(TwilioStub.FromNumber, call.Request["From"]);
        Assert.Equal(AppUrl($"twilio/{tenantId}/bridge/{call.Bridge.Id}/voice").AbsoluteUri, call.Request["Url"]);
        Assert.Equal(AppUrl($"twilio/{tenantId}/bridge/{call.Bridge.Id}/status").AbsoluteUri, call.Request["StatusCallback"]);
        var bridge = await BridgeAsync(call.Bridge.Id);
        Assert.Equal(BridgeCallState.CallingStaff, bridge.State);
        Assert.StartsWith("CA", bridge.CallSid, StringComparison.Ordinal);
        Assert.Equal("+819012345678", bridge.CallerNumber);
        Assert.Empty(await CallbacksAsync(call.MessageId));
    }

    [Fact]
    public async Task Answered_TheTwimlNamesTheCallerAndSubjectInJapanese_AndDialsTheCallersE164NumberFromTheTenantsCallerId()
    {
        var call = await PlaceAsync();

        var twiml = await AnswerAsync(call);

        Assert.All(twiml.Descendants("Say"), say => Assert.Equal("ja-JP", say.Attribute("language")?.Value));
        var spoken = FakeTwilio.Spoken(twiml);
        Assert.Contains("山田商店の山田 太郎様", spoken, StringComparison.Ordinal);
        Assert.Contains("車に鍵を閉じ込めた", spoken, StringComparison.Ordinal);
        var dial = Assert.Single(twiml.Elements("Dial"));
        Assert.Equal(CallerId, dial.Attribute("callerId")?.Value);
        Assert.Equal("+819012345678", dial.Element("Number")?.Value);
        Assert.Equal(AppUrl($"twilio/{fixture.World.TenantA.Id}/bridge/{call.Bridge.Id}/dial-status").AbsoluteUri, dial.Attribute("action")?.Value);
        Assert.Equal("POST", dial.Attribute("method")?.Value);
        Assert.Equal(BridgeCallState.DiallingCaller, (await BridgeAsync(call.Bridge.Id)).State);
    }

    [Fact]
    public async Task Answered_ByAnEnglishSpeakingStaffMember_SpeaksEnglish()
    {
        var call = await PlaceAsync(language: "en");

        var twiml = await AnswerAsync(call);

        Assert.All(twiml.Descendants("Say"), say => Assert.Equal("en-US", say.Attribute("language")?.Value));
        var spoken = FakeTwilio.Spoken(twiml);
        Assert.Contains("The caller is 山田 太郎 of 山田商店", spoken, StringComparison.Ordinal);
        Assert.Contains("Subject: 車に鍵を閉じ込めた", spoken, StringComparison.Ordinal);
        Assert.Equal(CallerId, twiml.Element("Dial")?.Attribute("callerId")?.Value);
    }

    [Fact]
    public async Task CompletedDial_RecordsOneReachedCallbackWithItsDuration_EvenWhenTwilioPostsTwice()
    {
        var call = await PlaceAsync();
        await AnswerAsync(call);

        // Twice at the same moment, then once more late: one callback.
        var first = await Task.WhenAll(DialEndsAsync(call, "completed", "125"), DialEndsAsync(call, "completed", "125"));
        var late = await DialEndsAsync(call, "completed", "125");

        Assert.All(first.Append(late), status => Assert.Equal(HttpStatusCode.OK, status));
        var callback = Assert.Single(await CallbacksAsync(call.MessageId));
        Assert.Equal(CallbackOutcome.Reached, callback.Outcome);
        Assert.Equal(CallbackChannel.Bridged, callback.Channel);
        Assert.Equal(125, callback.DurationSeconds);
        Assert.Equal("スタッフA1", callback.ByName);
        var bridge = await BridgeAsync(call.Bridge.Id);
        Assert.Equal(BridgeCallState.Finished, bridge.State);
        Assert.Equal(bridge.StaffAnsweredAt, callback.CalledAt);

        // The API shows it: called back, channel Bridged, the duration; the bridge took the message.
        using var client = fixture.KeyClient(TestWorld.TenantAKey);
        var message = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/messages/{call.MessageId}", UriKind.Relative), Token);
        Assert.NotEqual(JsonValueKind.Null, message.GetProperty("calledBackAt").ValueKind);
        Assert.Equal("Acknowledged", message.GetProperty("status").GetString());
        var json = Assert.Single(message.GetProperty("callbacks").EnumerateArray());
        Assert.Equal("Bridged", json.GetProperty("channel").GetString());
        Assert.Equal(125, json.GetProperty("durationSeconds").GetInt32());
        Assert.Equal("Reached", json.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("no-answer", CallbackOutcome.NoAnswer, "")]
    [InlineData("busy", CallbackOutcome.Busy, "")]
    [InlineData("failed", CallbackOutcome.NoAnswer, "Twilio: failed")]
    [InlineData("canceled", CallbackOutcome.NoAnswer, "Twilio: canceled")]
    [InlineData("answered", CallbackOutcome.Reached, "")]
    public async Task EachDialCallStatus_MapsToItsDocumentedOutcome(string dialCallStatus, CallbackOutcome expected, string note)
    {
        var call = await PlaceAsync();
        await AnswerAsync(call);

        Assert.Equal(HttpStatusCode.OK, await DialEndsAsync(call, dialCallStatus, expected == CallbackOutcome.Reached ? "30" : "0"));

        var callback = Assert.Single(await CallbacksAsync(call.MessageId));
        Assert.Equal(expected, callback.Outcome);
        Assert.Equal(note, callback.Note);
        Assert.Equal(expected == CallbackOutcome.Reached ? 30 : null, callback.DurationSeconds);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == call.MessageId, Token);
        Assert.Equal(expected == CallbackOutcome.Reached, message.CalledBackAt is not null);
    }

    [Theory]
    [InlineData("no-answer")]
    [InlineData("busy")]
    [InlineData("failed")]
    public async Task StaffLegNotAnswered_RecordsNoCallback_AndTheBridgeSaysWhy(string callStatus)
    {
        var call = await PlaceAsync();

        using var response = await twilio.PostAsync(new Uri(call.Request["StatusCallback"]!), Fields(call, ("CallStatus", callStatus)), Token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var bridge = await BridgeAsync(call.Bridge.Id);
        Assert.Equal(BridgeCallState.StaffNotReached, bridge.State);
        Assert.Equal(callStatus, bridge.Problem);
        Assert.Empty(await CallbacksAsync(call.MessageId));
        // A late "completed" for the staff leg moves nothing back.
        using var late = await twilio.PostAsync(new Uri(call.Request["StatusCallback"]!), Fields(call, ("CallStatus", "completed")), Token);
        Assert.Equal(BridgeCallState.StaffNotReached, (await BridgeAsync(call.Bridge.Id)).State);
        var availability = await AvailabilityAsync(call.MessageId);
        Assert.Equal(BridgeCallState.StaffNotReached, availability.Latest?.State);
    }

    [Theory]
    [InlineData(FakeTwilio.Signing.NoSignature)]
    [InlineData(FakeTwilio.Signing.Forged)]
    public async Task UnsignedOrForgedWebhooks_AreRefused_AndRecordNothing(FakeTwilio.Signing signing)
    {
        var call = await PlaceAsync();
        var tenantId = fixture.World.TenantA.Id;

        foreach (var path in new[] { BridgeWebhookPaths.Voice(tenantId, call.Bridge.Id), BridgeWebhookPaths.Status(tenantId, call.Bridge.Id), BridgeWebhookPaths.DialStatus(tenantId, call.Bridge.Id) })
        {
            using var response = await twilio.PostAsync(AppUrl(path), Fields(call, ("DialCallStatus", "completed"), ("DialCallDuration", "60"), ("CallStatus", "no-answer")), Token, signing);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        Assert.Empty(await CallbacksAsync(call.MessageId));
        Assert.Equal(BridgeCallState.CallingStaff, (await BridgeAsync(call.Bridge.Id)).State);
    }

    [Fact]
    public async Task AnotherTenantsPath_IsNotFound_EvenGenuinelySigned_AndRecordsNothing()
    {
        var call = await PlaceAsync();
        var other = fixture.World.TenantB.Id;

        foreach (var path in new[] { BridgeWebhookPaths.Voice(other, call.Bridge.Id), BridgeWebhookPaths.Status(other, call.Bridge.Id), BridgeWebhookPaths.DialStatus(other, call.Bridge.Id) })
        {
            using var response = await twilio.PostAsync(AppUrl(path), Fields(call, ("DialCallStatus", "completed"), ("DialCallDuration", "60"), ("CallStatus", "no-answer")), Token);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Empty(await CallbacksAsync(call.MessageId));
        Assert.Equal(BridgeCallState.CallingStaff, (await BridgeAsync(call.Bridge.Id)).State);
    }

    [Fact]
    public async Task AnotherTenantsStaff_CannotBridgeTheMessage_ItIsNotFound()
    {
        await ArrangeAsync();
        var messageId = await PostEmergencyAsync();

        var started = await PressAsync(messageId, TestWorld.StaffB, fixture.World.TenantB.Id, "スタッフB");

        Assert.Equal(BridgeBlocked.NotFound, started.Blocked);
        Assert.Empty(fixture.Stub.Requests);
    }

    [Fact]
    public async Task Button_IsDisabled_WithTheReason_WhenTheStaffMemberHasNoContact_NoPhone_OrTheTenantNoCallerId()
    {
        var messageId = await PostEmergencyAsync();
        Assert.Equal(BridgeBlocked.NoContact, (await AvailabilityAsync(messageId)).Blocked);

        await ArrangeAsync(withCallerId: false);
        Assert.Equal(BridgeBlocked.NoCallerId, (await AvailabilityAsync(messageId)).Blocked);
        Assert.Equal(BridgeBlocked.NoCallerId, (await PressAsync(messageId)).Blocked);
        Assert.Empty(fixture.Stub.Requests);

        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.OutgoingCallerIds.Add(new OutgoingCallerId { TenantId = fixture.World.TenantA.Id, Number = CallerId });
            var contact = await db.Contacts.SingleAsync(Token);
            contact.Phone = null;
            await db.SaveChangesAsync(Token);
        }
        Assert.Equal(BridgeBlocked.NoPhone, (await AvailabilityAsync(messageId)).Blocked);
    }

    [Fact]
    public async Task PressingAgain_WhileTheFirstIsStillCalling_PlacesNoSecondCall()
    {
        var call = await PlaceAsync();

        var again = await PressAsync(call.MessageId);

        Assert.Equal(BridgeBlocked.AlreadyCalling, again.Blocked);
        Assert.Single(fixture.Stub.Requests);
    }

    [Fact]
    public async Task TwilioRefusingTheStaffCall_EndsTheBridge_AndRecordsNothing()
    {
        await ArrangeAsync();
        var messageId = await PostEmergencyAsync();
        fixture.Stub.ReplyNext(StubReply.InvalidNumber);

        var started = await PressAsync(messageId);

        Assert.Equal(BridgeBlocked.CallFailed, started.Blocked);
        Assert.Equal(BridgeCallState.StaffNotReached, (await BridgeAsync(started.Bridge!.Id)).State);
        Assert.Empty(await CallbacksAsync(messageId));
    }
}
