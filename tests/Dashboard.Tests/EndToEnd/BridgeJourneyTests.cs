using Dashboard.Features.Callbacks.Bridge;
using Dashboard.Features.Contacts;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Phone;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>
/// 「折り返す」 end to end: staff acknowledge an emergency, press the button, the Twilio stub's calls are answered (the test
/// plays Twilio towards the app's signed webhooks), the caller's leg completes, and another open watcher sees 折り返し済み
/// with the call's duration without reloading.
/// </summary>
public sealed class BridgeJourneyTests(TwilioFixture fixture, BrowserFixture browser)
    : EndToEndTest(fixture, browser), IClassFixture<TwilioFixture>
{
    private const string StaffPhone = "+819011112222";

    private readonly FakeTwilio twilio = new(TwilioStub.AuthToken);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        fixture.Stub.Reset();
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var userId = await db.Users.Where(u => u.Email == TestWorld.StaffA1).Select(u => u.Id).SingleAsync(Token);
        db.Contacts.Add(new Contact { TenantId = fixture.World.TenantA.Id, Name = "スタッフA1", Phone = StaffPhone, UserId = userId });
        db.OutgoingCallerIds.Add(new OutgoingCallerId { TenantId = fixture.World.TenantA.Id, Number = "+81312345678" });
        await db.SaveChangesAsync(Token);
    }

    public override async ValueTask DisposeAsync()
    {
        twilio.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task StaffPressesCallBack_BothLegsAnswerAndComplete_AndAnotherWatcherSeesCalledBackWithTheDuration()
    {
        var subject = $"車に鍵を閉じ込めた {Guid.NewGuid().ToString("N")[..6]}";
        var staff = await SignInAsync("staff-a1", TestWorld.StaffA1, "/feed");
        var watcher = await SignInAsync("staff-a2", TestWorld.StaffA2, "/feed");
        await ApiMessages.PostAsync(Fixture, "alpha-clinic", subject, "Emergency");

        var card = staff.MessageCard(subject);
        var watched = watcher.MessageCard(subject);
        await Expect(watched).ToBeVisibleAsync();
        await card.GetByTestId("acknowledge").ClickAsync();
        await Expect(watched.GetByTestId("acknowledged-by")).ToContainTextAsync("スタッフA1");

        await card.GetByTestId("open-detail").ClickAsync();
        await staff.WaitForURLAsync(url => url.Contains("/messages/", StringComparison.Ordinal));
        await staff.WaitForInteractiveAsync();
        var button = staff.GetByTestId("bridge-call");
        await Expect(button).ToBeEnabledAsync();
        await Expect(staff.GetByTestId("bridge-call-hint")).ToContainTextAsync("03-1234-5678");
        await button.ClickAsync();
        await Expect(staff.GetByTestId("bridge-call-status")).ToHaveAttributeAsync("data-state", nameof(BridgeCallState.CallingStaff));

        // The stub was asked to call the staff member's phone; "they answer" (Twilio fetches the TwiML), then the caller's leg completes.
        var request = await Eventually.ReadAsync(() => Task.FromResult(fixture.Stub.Requests.FirstOrDefault(r => r["To"] == StaffPhone)),
            r => r is not null, "the staff member's phone to be called", Token);
        var fields = new Dictionary<string, string> { ["CallSid"] = "CA" + new string('1', 32), ["To"] = StaffPhone, ["CallStatus"] = "in-progress" };
        var twiml = await twilio.PostForTwimlAsync(new Uri(request!["Url"]!), fields, Token);
        Assert.Equal("+819012345678", twiml.Element("Dial")?.Element("Number")?.Value);
        var dialAction = new Uri(twiml.Element("Dial")!.Attribute("action")!.Value);
        using (var dialed = await twilio.PostAsync(dialAction, new Dictionary<string, string>(fields) { ["DialCallStatus"] = "completed", ["DialCallDuration"] = "125" }, Token))
        {
            dialed.EnsureSuccessStatusCode();
        }

        // The other watcher never reloaded: called back, by whom, and for how long, by push.
        await Expect(watched).ToHaveAttributeAsync("data-called-back", "true");
        await Expect(watched.GetByTestId("called-back")).ToContainTextAsync("折り返し済み");
        await Expect(watched.GetByTestId("called-back-by")).ToContainTextAsync("スタッフA1");
        await Expect(watched.GetByTestId("called-back-duration")).ToContainTextAsync("2分05秒");
        // The staff member's page shows the bridge finished, and the timeline says it went through the service.
        await Expect(staff.GetByTestId("bridge-call-status")).ToHaveAttributeAsync("data-state", nameof(BridgeCallState.Finished));
        await Expect(staff.GetByTestId("timeline-callback-duration")).ToContainTextAsync("2分05秒");
        await ScreenshotAsync(watcher, "bridge-feed-called-back.png");
        await ScreenshotAsync(staff, "bridge-detail.png");
    }

    [Fact]
    public async Task WithoutACallerId_TheButtonSaysTheTenantHasNone()
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            await db.OutgoingCallerIds.ExecuteDeleteAsync(Token);
        }
        var messageId = await ApiMessages.PostAsync(Fixture, "alpha-clinic", "水道管の破裂", "Urgent");
        var staff = await SignInAsync("staff-a1", TestWorld.StaffA1, $"/messages/{messageId}");

        await Expect(staff.GetByTestId("bridge-call")).ToBeDisabledAsync();
        await Expect(staff.GetByTestId("bridge-call-reason")).ToContainTextAsync("発信者番号がまだ設定されていない");
    }
}
