using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Phone;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Notifications.Phone;

/// <summary>The phone channel end to end against a Twilio stub: the call request, the TwiML, the keypad, status callbacks, failures.</summary>
public sealed class PhoneChannelTests(TwilioFixture fixture) : IClassFixture<TwilioFixture>, IAsyncLifetime
{
    private const string LeadPhone = "+819011112222";
    private const string LeadName = "担当 一郎";

    private readonly FakeTwilio twilio = new(TwilioStub.AuthToken);

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

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Uri AppUrl(string path) => fixture.App.Services.GetRequiredService<PublicUrls>().For(path);

    /// <summary>Tenant A: the person in charge is phoned at once, the deputy five minutes later.</summary>
    private async Task AddPolicyAsync(string language)
    {
        var tenantId = fixture.World.TenantA.Id;
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var lead = new Contact { TenantId = tenantId, Name = LeadName, Phone = LeadPhone, Language = language };
        var deputy = new Contact { TenantId = tenantId, Name = "副担当 二郎", Phone = "+819033334444" };
        var policy = new EscalationPolicy { TenantId = tenantId, Name = "至急", CurrentVersion = 1 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = tenantId, PolicyId = policy.Id, Version = 1, Repeats = 1,
            Steps =
            [
                new() { DelayMinutes = 0, Targets = [new() { ContactId = lead.Id, Channel = NotificationChannel.PhoneCall }] },
                new() { DelayMinutes = 5, Targets = [new() { ContactId = deputy.Id, Channel = NotificationChannel.PhoneCall }] },
            ],
        });
        db.Contacts.AddRange(lead, deputy);
        db.EscalationPolicies.Add(policy);
        await db.SaveChangesAsync(Token);
    }

    private async Task<Guid> PostUrgentAsync()
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var response = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = "alpha-clinic", callerName = "山田 太郎", callerOrganization = "山田商店", callbackNumber = "03-1234-5678",
            subject = "水漏れ", body = "二階の天井から水が落ちています", urgency = "Urgent",
        }, Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetGuid();
    }

    private async Task<NotificationAttempt> LeadCallAsync(Guid messageId) =>
        await FindLeadCallAsync(messageId) ?? throw new InvalidOperationException("No call to the person in charge");

    private async Task<NotificationAttempt?> FindLeadCallAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.NotificationAttempts.AsNoTracking().SingleOrDefaultAsync(a => a.MessageId == messageId && a.Address == LeadPhone, Token);
    }

    private async Task<Message> MessageAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId, Token);
    }

    private sealed record PlacedCall(Guid MessageId, NotificationAttempt Attempt, CallRequest Request);

    /// <summary>An urgent message whose first step has phoned the person in charge through the stub.</summary>
    private async Task<PlacedCall> PlaceCallAsync(string language = "ja")
    {
        await AddPolicyAsync(language);
        var messageId = await PostUrgentAsync();
        var attempt = await Eventually.ReadAsync(() => FindLeadCallAsync(messageId), a => a?.Status == AttemptStatus.Sent, "the call to be placed", Token);
        return new PlacedCall(messageId, attempt!, Assert.Single(fixture.Stub.Requests));
    }

    private Dictionary<string, string> CallFields(PlacedCall call, params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string>
        {
            ["AccountSid"] = TwilioStub.AccountSid, ["ApiVersion"] = "2010-04-01", ["CallSid"] = call.Attempt.ProviderReference!,
            ["Direction"] = "outbound-api", ["From"] = TwilioStub.FromNumber, ["To"] = LeadPhone, ["CallStatus"] = "in-progress",
        };
        foreach (var (name, value) in more)
        {
            fields[name] = value;
        }
        return fields;
    }

    private Task<XElement> PostForTwimlAsync(Uri url, Dictionary<string, string> fields) => twilio.PostForTwimlAsync(url, fields, Token);

    private Task<XElement> AnswerAsync(PlacedCall call) => PostForTwimlAsync(new Uri(call.Request["Url"]!), CallFields(call));

    private static Uri GatherUrl(XElement twiml) => new(twiml.Element("Gather")!.Attribute("action")!.Value);

    private Task<XElement> PressAsync(PlacedCall call, Uri gatherUrl, string digits) =>
        PostForTwimlAsync(gatherUrl, CallFields(call, ("Digits", digits)));

    private async Task<HttpStatusCode> ReportStatusAsync(PlacedCall call, string callStatus, params (string Name, string Value)[] more)
    {
        using var response = await twilio.PostAsync(new Uri(call.Request["StatusCallback"]!), CallFields(call, [("CallStatus", callStatus), .. more]), Token);
        return response.StatusCode;
    }

    private static string Spoken(XElement twiml) => FakeTwilio.Spoken(twiml);

    [Fact]
    public async Task UrgentMessage_PlacesACall_ToTheContactFromTheAccountNumber_WithAbsoluteCallbackUrls()
    {
        var call = await PlaceCallAsync();

        var tenantId = fixture.World.TenantA.Id;
        Assert.Equal($"/2010-04-01/Accounts/{TwilioStub.AccountSid}/Calls.json", call.Request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioStub.AccountSid}:{TwilioStub.AuthToken}")), call.Request.Authorization);
        Assert.Equal(LeadPhone, call.Request["To"]);
        Assert.Equal(TwilioStub.FromNumber, call.Request["From"]);
        Assert.Equal(AppUrl($"twilio/{tenantId}/attempts/{call.Attempt.Id}/voice").AbsoluteUri, call.Request["Url"]);
        Assert.Equal(AppUrl($"twilio/{tenantId}/attempts/{call.Attempt.Id}/status").AbsoluteUri, call.Request["StatusCallback"]);
        Assert.True(new Uri(call.Request["Url"]!).IsAbsoluteUri);
        Assert.Equal("POST", call.Request["Method"]);
        Assert.Equal("POST", call.Request["StatusCallbackMethod"]);
        Assert.Equal(["initiated", "ringing", "answered", "completed"], call.Request.All("StatusCallbackEvent"));
        Assert.Equal("30", call.Request["Timeout"]);
        Assert.StartsWith("CA", call.Attempt.ProviderReference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VoiceWebhook_ReadsTheMessageInJapanese_AndOffersTheKeypad()
    {
        var call = await PlaceCallAsync();

        var twiml = await AnswerAsync(call);

        Assert.All(twiml.Descendants("Say"), say => Assert.Equal("ja-JP", say.Attribute("language")?.Value));
        var spoken = Spoken(twiml);
        Assert.Contains("アルファ歯科", spoken, StringComparison.Ordinal);
        Assert.Contains("至急", spoken, StringComparison.Ordinal);
        Assert.Contains("山田商店の山田 太郎様", spoken, StringComparison.Ordinal);
        Assert.Contains("水漏れ", spoken, StringComparison.Ordinal);
        Assert.Contains("二階の天井から水が落ちています", spoken, StringComparison.Ordinal);
        Assert.Contains("0 3、1 2 3 4、5 6 7 8", spoken, StringComparison.Ordinal);
        Assert.Contains("1を", spoken, StringComparison.Ordinal);
        var gather = twiml.Element("Gather")!;
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
        Assert.Equal(AppUrl($"twilio/{fixture.World.TenantA.Id}/attempts/{call.Attempt.Id}/gather").AbsoluteUri, gather.Attribute("action")?.Value);
        // With no key pressed it is read once more, then the call ends.
        Assert.Equal(2, twiml.Elements("Gather").Count());
        Assert.NotNull(twiml.Element("Hangup"));
        Assert.Equal(AttemptStatus.Answered, (await LeadCallAsync(call.MessageId)).Status);
    }

    [Fact]
    public async Task VoiceWebhook_ReadsInEnglish_ForAnEnglishSpeakingContact()
    {
        var call = await PlaceCallAsync(language: "en");

        var twiml = await AnswerAsync(call);

        Assert.All(twiml.Descendants("Say"), say => Assert.Equal("en-US", say.Attribute("language")?.Value));
        var spoken = Spoken(twiml);
        Assert.Contains("answering service for アルファ歯科", spoken, StringComparison.Ordinal);
        Assert.Contains("Urgent", spoken, StringComparison.Ordinal);
        Assert.Contains("0 3, 1 2 3 4, 5 6 7 8", spoken, StringComparison.Ordinal);
        Assert.Contains("Press 1 to acknowledge", spoken, StringComparison.Ordinal);
        Assert.NotNull(twiml.Element("Gather"));
    }

    [Fact]
    public async Task PressingOne_AcknowledgesAsTheContactByPhone_AndNobodyElseIsCalled()
    {
        var call = await PlaceCallAsync();
        var gatherUrl = GatherUrl(await AnswerAsync(call));

        var reply = await PressAsync(call, gatherUrl, "1");

        Assert.Contains("確認済みにしました", Spoken(reply), StringComparison.Ordinal);
        var message = await MessageAsync(call.MessageId);
        Assert.Equal(MessageStatus.Acknowledged, message.Status);
        Assert.Equal(ChangeChannel.PhoneKeypress, message.AcknowledgedVia);
        Assert.Equal(LeadName, message.AcknowledgedBy);
        Assert.Equal(AttemptStatus.Acknowledged, (await LeadCallAsync(call.MessageId)).Status);

        // The deputy's step comes due: it contacts nobody.
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.MessageEscalations.Where(e => e.MessageId == call.MessageId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.NextDueAt, DateTimeOffset.UtcNow), Token);
        }
        var sequence = await SequenceAsync(call.MessageId);
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EscalationJobs>().RunStepAsync(fixture.World.TenantA.Id, call.MessageId, sequence, Token);
        }
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Equal(EscalationState.Stopped, (await check.MessageEscalations.AsNoTracking().SingleAsync(e => e.MessageId == call.MessageId, Token)).State);
        Assert.Equal(1, await check.NotificationAttempts.CountAsync(a => a.MessageId == call.MessageId, Token));
        Assert.Single(fixture.Stub.Requests);
    }

    private async Task<int> SequenceAsync(Guid messageId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return (await db.MessageEscalations.AsNoTracking().SingleAsync(e => e.MessageId == messageId, Token)).Sequence;
    }

    [Fact]
    public async Task PressingOneAgain_ChangesNothingMore()
    {
        var call = await PlaceCallAsync();
        var gatherUrl = GatherUrl(await AnswerAsync(call));
        await PressAsync(call, gatherUrl, "1");
        var first = await MessageAsync(call.MessageId);

        var reply = await PressAsync(call, gatherUrl, "1"); // Twilio repeats the same callback

        Assert.Contains(LeadName, Spoken(reply), StringComparison.Ordinal);
        var second = await MessageAsync(call.MessageId);
        Assert.Equal(first.AcknowledgedAt, second.AcknowledgedAt);
        Assert.Equal(first.UpdatedAt, second.UpdatedAt);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Equal(1, await db.MessageEvents.CountAsync(e => e.MessageId == call.MessageId && e.Kind == MessageEventKind.Acknowledged, Token));
        Assert.Equal(AttemptStatus.Acknowledged, (await LeadCallAsync(call.MessageId)).Status);
    }

    [Fact]
    public async Task PressingTwo_ReadsTheMessageAgain_AndChangesNothing()
    {
        var call = await PlaceCallAsync();
        var gatherUrl = GatherUrl(await AnswerAsync(call));

        var reply = await PressAsync(call, gatherUrl, "2");

        Assert.Contains("水漏れ", Spoken(reply), StringComparison.Ordinal);
        Assert.Equal(gatherUrl, GatherUrl(reply));
        Assert.Equal(MessageStatus.New, (await MessageAsync(call.MessageId)).Status);
    }

    [Fact]
    public async Task PressingAnotherKey_OffersTheChoicesAgain()
    {
        var call = await PlaceCallAsync();
        var gatherUrl = GatherUrl(await AnswerAsync(call));

        var reply = await PressAsync(call, gatherUrl, "7");

        Assert.DoesNotContain("水漏れ", Spoken(reply), StringComparison.Ordinal);
        Assert.Contains("1を", Spoken(reply), StringComparison.Ordinal);
        Assert.Equal(gatherUrl, GatherUrl(reply));
        Assert.Equal(MessageStatus.New, (await MessageAsync(call.MessageId)).Status);
    }

    [Fact]
    public async Task AnsweringAfterSomebodyElseTookIt_SaysWho_AndHangsUp()
    {
        var call = await PlaceCallAsync();
        using (var staff = fixture.KeyClient(TestWorld.TenantAKey))
        {
            (await staff.PostAsync($"/api/v1/messages/{call.MessageId}/acknowledge", null, Token)).EnsureSuccessStatusCode();
        }
        var takenBy = (await MessageAsync(call.MessageId)).AcknowledgedBy!;

        var twiml = await AnswerAsync(call);

        Assert.Null(twiml.Element("Gather"));
        Assert.NotNull(twiml.Element("Hangup"));
        Assert.Contains(takenBy, Spoken(twiml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeTwilio.Signing.Forged)]
    [InlineData(FakeTwilio.Signing.NoSignature)]
    public async Task CallbacksNotSignedByTwilio_Get403_AndChangeNothing(FakeTwilio.Signing signing)
    {
        var call = await PlaceCallAsync();
        var gatherUrl = AppUrl($"twilio/{fixture.World.TenantA.Id}/attempts/{call.Attempt.Id}/gather");

        using var voice = await twilio.PostAsync(new Uri(call.Request["Url"]!), CallFields(call), Token, signing);
        using var keypress = await twilio.PostAsync(gatherUrl, CallFields(call, ("Digits", "1")), Token, signing);
        using var status = await twilio.PostAsync(new Uri(call.Request["StatusCallback"]!), CallFields(call, ("CallStatus", "no-answer")), Token, signing);

        Assert.Equal(HttpStatusCode.Forbidden, voice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, keypress.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        var attempt = await LeadCallAsync(call.MessageId);
        Assert.Equal(AttemptStatus.Sent, attempt.Status);
        Assert.Equal(call.Attempt.UpdatedAt, attempt.UpdatedAt);
        var message = await MessageAsync(call.MessageId);
        Assert.Equal(MessageStatus.New, message.Status);
        Assert.Null(message.AcknowledgedBy);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.Equal(0, await db.MessageEvents.CountAsync(e => e.MessageId == call.MessageId && e.Kind == MessageEventKind.Acknowledged, Token));
    }

    [Fact]
    public async Task SignedCallbackNamingAnotherTenant_FindsNothing_AndChangesNothing()
    {
        var call = await PlaceCallAsync();
        // Genuinely signed, but for tenant B's path: the attempt belongs to tenant A and stays out of reach.
        var otherTenantsUrl = AppUrl($"twilio/{fixture.World.TenantB.Id}/attempts/{call.Attempt.Id}/gather");

        using var response = await twilio.PostAsync(otherTenantsUrl, CallFields(call, ("Digits", "1")), Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(MessageStatus.New, (await MessageAsync(call.MessageId)).Status);
        Assert.Equal(AttemptStatus.Sent, (await LeadCallAsync(call.MessageId)).Status);
    }

    [Theory]
    [InlineData("no-answer", AttemptStatus.NoAnswer)]
    [InlineData("busy", AttemptStatus.Busy)]
    [InlineData("failed", AttemptStatus.Failed)]
    [InlineData("canceled", AttemptStatus.Failed)]
    public async Task StatusCallback_RecordsHowTheCallEnded(string callStatus, AttemptStatus expected)
    {
        var call = await PlaceCallAsync();

        Assert.Equal(HttpStatusCode.NoContent, await ReportStatusAsync(call, "initiated"));
        Assert.Equal(HttpStatusCode.NoContent, await ReportStatusAsync(call, "ringing"));
        Assert.Equal(HttpStatusCode.NoContent, await ReportStatusAsync(call, callStatus, ("ErrorCode", "32009")));

        var attempt = await LeadCallAsync(call.MessageId);
        Assert.Equal(expected, attempt.Status);
        if (expected is AttemptStatus.Failed or AttemptStatus.Busy)
        {
            Assert.Contains(callStatus, attempt.Error, StringComparison.Ordinal);
            Assert.Contains("32009", attempt.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StatusCallbacks_RepeatedOrOutOfOrder_NeverMoveBackwards()
    {
        var call = await PlaceCallAsync();

        await ReportStatusAsync(call, "in-progress");
        await ReportStatusAsync(call, "ringing"); // late
        await ReportStatusAsync(call, "no-answer"); // contradicts what already happened
        Assert.Equal(AttemptStatus.Answered, (await LeadCallAsync(call.MessageId)).Status);

        await PressAsync(call, AppUrl($"twilio/{fixture.World.TenantA.Id}/attempts/{call.Attempt.Id}/gather"), "1");
        await ReportStatusAsync(call, "in-progress"); // repeated
        await ReportStatusAsync(call, "completed");
        await ReportStatusAsync(call, "completed");
        Assert.Equal(AttemptStatus.Acknowledged, (await LeadCallAsync(call.MessageId)).Status);
    }

    [Fact]
    public async Task StatusCallbacks_AfterNoAnswer_LeaveItAtNoAnswer()
    {
        var call = await PlaceCallAsync();

        await ReportStatusAsync(call, "no-answer");
        await ReportStatusAsync(call, "ringing");
        await ReportStatusAsync(call, "in-progress");
        await ReportStatusAsync(call, "no-answer");

        Assert.Equal(AttemptStatus.NoAnswer, (await LeadCallAsync(call.MessageId)).Status);
    }

    [Fact]
    public async Task StatusCallback_KeepsTheCallSid_WhenTheAttemptHasNone()
    {
        var call = await PlaceCallAsync();
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.NotificationAttempts.Where(a => a.Id == call.Attempt.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ProviderReference, (string?)null), Token);
        }

        await ReportStatusAsync(call, "ringing");

        Assert.Equal(call.Attempt.ProviderReference, (await LeadCallAsync(call.MessageId)).ProviderReference);
    }

    [Fact]
    public async Task TwilioUnavailable_IsRetried_AndTheCallGoesOutOnce()
    {
        fixture.Stub.ReplyNext(StubReply.Unavailable);
        await AddPolicyAsync("ja");

        var messageId = await PostUrgentAsync();

        var attempt = await Eventually.ReadAsync(() => FindLeadCallAsync(messageId), a => a?.Status == AttemptStatus.Sent, "the retried call", Token);
        Assert.Equal(2, fixture.Stub.Requests.Count);
        Assert.Equal(1, attempt!.Tries);
        Assert.StartsWith("CA", attempt.ProviderReference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwilioUnreachable_IsRetried_WhenItComesBack()
    {
        await fixture.Stub.BecomeUnreachableAsync();
        try
        {
            await AddPolicyAsync("ja");
            var messageId = await PostUrgentAsync();
            var waiting = await Eventually.ReadAsync(() => FindLeadCallAsync(messageId), a => a?.Error is not null, "the failed try", Token);
            Assert.Equal(AttemptStatus.Pending, waiting!.Status);
            Assert.Contains("could not be reached", waiting.Error, StringComparison.Ordinal);
            await fixture.Stub.ComeBackAsync();

            await Eventually.ReadAsync(() => FindLeadCallAsync(messageId), a => a?.Status == AttemptStatus.Sent, "the retried call", Token);
            Assert.Single(fixture.Stub.Requests);
        }
        finally
        {
            await fixture.Stub.ComeBackIfGoneAsync();
        }
    }

    [Fact]
    public async Task TwilioRejectingTheNumber_IsRecordedAsFailed_AndNotRetried()
    {
        fixture.Stub.ReplyNext(StubReply.InvalidNumber);
        await AddPolicyAsync("ja");

        var messageId = await PostUrgentAsync();

        var attempt = await Eventually.ReadAsync(() => FindLeadCallAsync(messageId), a => a?.Status == AttemptStatus.Failed, "the failure to be recorded", Token);
        Assert.Contains("is not a valid phone number", attempt!.Error, StringComparison.Ordinal);
        Assert.Contains("21211", attempt.Error, StringComparison.Ordinal);
        Assert.Single(fixture.Stub.Requests);
    }

    /// <summary>The sender alone, against the stub, with a short request timeout.</summary>
    private async Task<Exception?> SendDirectlyAsync(StubReply reply)
    {
        fixture.Stub.ReplyNext(reply);
        var sender = new TwilioCallSender(
            fixture.App.Services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new TwilioOptions
            {
                BaseUrl = fixture.Stub.BaseUrl, AccountSid = TwilioStub.AccountSid, AuthToken = TwilioStub.AuthToken,
                FromNumber = TwilioStub.FromNumber, RequestTimeout = TimeSpan.FromSeconds(1),
            }));
        var channel = new PhoneChannel(sender, fixture.App.Services.GetRequiredService<PublicUrls>(), []);
        var envelope = new NotificationEnvelope(Guid.NewGuid(), fixture.World.TenantA.Id, new NotificationRecipient(LeadPhone, "担当"), "ja",
            new TestNotification("アルファ"), new ReplyPath(ReplyMeaning.Acknowledge, fixture.World.TenantA.Id, Guid.NewGuid(), Guid.NewGuid()));
        // The channel reports the provider's failure as an outcome that keeps the sender's classification.
        return await channel.SendAsync(envelope, Token) switch
        {
            SendOutcome.Transient transient => transient.Error,
            SendOutcome.Rejected rejected => rejected.Error,
            SendOutcome.Unknown unknown => unknown.Error,
            _ => null,
        };
    }

    [Fact]
    public async Task Sender_TreatsTooManyRequestsAsNotSent()
    {
        Assert.IsType<TransientSendException>(await SendDirectlyAsync(StubReply.TooManyRequests));
    }

    [Fact]
    public async Task Sender_TreatsAServerErrorAsAnUnknownOutcome_NeverAsTransient()
    {
        var error = await SendDirectlyAsync(StubReply.ServerError);

        Assert.IsType<TwilioOutcomeUnknownException>(error);
        Assert.Contains("may have been placed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sender_TreatsNoAnswerInTimeAsAnUnknownOutcome_NeverAsTransient()
    {
        var error = await SendDirectlyAsync(StubReply.Slow(TimeSpan.FromSeconds(10)));

        Assert.IsType<TwilioOutcomeUnknownException>(error);
        Assert.Single(fixture.Stub.Requests);
    }

    [Fact]
    public async Task Sender_TreatsARejectedNumberAsPermanent_WithTwiliosMessage()
    {
        var error = await SendDirectlyAsync(StubReply.InvalidNumber);

        var rejected = Assert.IsType<TwilioRejectedCallException>(error);
        Assert.Equal(21211, rejected.Code);
        Assert.Contains("is not a valid phone number", rejected.Message, StringComparison.Ordinal);
    }
}
