using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// A channel the app has never heard of, registered only here: it plugs in through <see cref="INotificationChannel"/> and
/// its <see cref="ChannelDescription"/> alone (a kind number and no resources of its own: pages show its keys as they are).
/// </summary>
public sealed class FakeChannel : INotificationChannel
{
    public const NotificationChannel FakeKind = (NotificationChannel)99;

    /// <summary>Reaches people at their e-mail address, like a chat service that looks users up by e-mail.</summary>
    public static readonly ChannelDescription Description = new()
    {
        Kind = FakeKind, NameKey = "FakeChannel_Name", Icon = MudBlazor.Icons.Material.Filled.Sms, Address = ContactAddress.Email,
        TestKey = "FakeChannel_Test", TestSentKey = "FakeChannel_TestSent", OwnTestSentKey = "FakeChannel_OwnTestSent",
        ProviderSetting = "Fake:Token", RepliesAs = Dashboard.Features.Messages.ChangeChannel.EmailLink,
    };

    public List<NotificationEnvelope> Sent { get; } = [];

    public NotificationChannel Kind => FakeKind;

    public bool DeliversToDevOutbox => false;

    public Task<SendOutcome> SendAsync(NotificationEnvelope envelope, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add(envelope);
        }
        return Task.FromResult<SendOutcome>(new SendOutcome.Sent($"fake-{envelope.Id:N}"));
    }

    public IReadOnlyList<DevOutboxAction> DevOutboxActions(DevOutboxRow row) =>
        row?.Progress == DeliveryProgress.Sent ? [new DevOutboxAction("FakeChannel_Open", "fake-action", Href: $"/fake/{row.Id:N}")] : [];
}

/// <summary>Development (so the outbox exists), with the fake channel added to the app's own.</summary>
public sealed class FakeChannelAppFixture : AppFixture
{
    public FakeChannel Channel { get; } = new();

    protected override ValueTask ConfigureAppAsync(DashboardApp app)
    {
        app.EnvironmentName = "Development";
        // The one registration line a new channel has.
        app.ExtraServices.Add(services => services.AddNotificationChannel(FakeChannel.Description, _ => Channel));
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The channel contract is the only thing the contact tester and the development outbox know about a channel: a new
/// one works in both without a change anywhere else.
/// </summary>
public sealed class ChannelContractTests(FakeChannelAppFixture fixture) : IClassFixture<FakeChannelAppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ContactTester_SendsATestThroughAnyChannel_AtTheAddressTheChannelPicks_AndRecordsIt()
    {
        var contact = new Contact { TenantId = fixture.World.TenantA.Id, Name = "担当 一郎", Email = $"lead-{Guid.NewGuid():N}@alpha.example", Language = "en" };
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(Token);
        }

        ContactTestResult result;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
            result = await scope.ServiceProvider.GetRequiredService<ContactTester>().TestAsync(fixture.World.TenantA.Id, contact.Id, FakeChannel.FakeKind, Token);
        }

        Assert.Equal(ContactTestOutcome.Sent, result.Outcome);
        NotificationEnvelope sent;
        lock (fixture.Channel.Sent)
        {
            sent = Assert.Single(fixture.Channel.Sent, e => e.Recipient.ContactId == contact.Id);
        }
        Assert.Equal($"fake-{sent.Id:N}", result.Reference);
        Assert.Equal(contact.Email, sent.Recipient.Address);
        Assert.Equal("en", sent.Language);
        Assert.Equal(fixture.World.TenantA.DisplayName, Assert.IsType<TestNotification>(sent.Content).TenantName);
        Assert.Equal(new { Meaning = ReplyMeaning.ConfirmAddress, SubjectId = contact.Id }, new { sent.Reply.Meaning, sent.Reply.SubjectId });
        Assert.Contains("/verify/", sent.Reply.Link!.AbsolutePath, StringComparison.Ordinal);
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var recorded = await check.AuditEntries.SingleAsync(a => a.Entity == ContactTester.AuditEntity, Token);
        using var after = System.Text.Json.JsonDocument.Parse(recorded.After!);
        Assert.Equal("Sent", after.RootElement.GetProperty("Outcome").GetString());
        Assert.Equal("99", after.RootElement.GetProperty("Channel").GetString());
        Assert.False(await check.NotificationAttempts.AnyAsync(Token));
    }

    [Fact]
    public async Task ContactsPage_OffersATestThroughAnyChannel_UnderTheAddressItUses()
    {
        var contact = new Contact { TenantId = fixture.World.TenantA.Id, Name = "担当 一郎", Email = $"lead-{Guid.NewGuid():N}@alpha.example", Phone = "+819011112222" };
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(Token);
        }

        using var admin = await fixture.SignInAsync(TestWorld.Admin);
        var page = await admin.Http.GetStringAsync($"/manage/{fixture.World.TenantA.Slug}/contacts", Token);

        // The fake channel's button, as its registration words it, beside the app's own two.
        Assert.Contains("data-testid=\"test-99\"", page, StringComparison.Ordinal);
        Assert.Contains("FakeChannel_Test", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"test-Email\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"test-PhoneCall\"", page, StringComparison.Ordinal);
        // Under the e-mail address it reaches, not under the phone number.
        var phoneCell = page.IndexOf("data-testid=\"contact-row-phone\"", StringComparison.Ordinal);
        Assert.True(page.IndexOf("data-testid=\"test-99\"", StringComparison.Ordinal) < phoneCell);
    }

    [Fact]
    public async Task DevOutbox_ShowsAnyChannelsRows_WithTheActionsThatChannelOffers()
    {
        var messageId = await ApiMessages.PostAsync(fixture, "alpha-clinic", $"新しい経路 {Guid.NewGuid().ToString("N")[..6]}", "Normal");
        var attempt = new NotificationAttempt
        {
            TenantId = fixture.World.TenantA.Id, MessageId = messageId, RecipientName = "担当 一郎", Address = "fake:lead@alpha.example",
            Channel = FakeChannel.FakeKind, Status = AttemptStatus.Sent, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            db.NotificationAttempts.Add(attempt);
            await db.SaveChangesAsync(Token);
        }

        using var admin = await fixture.SignInAsync(TestWorld.Admin);
        var page = await admin.Http.GetStringAsync("/dev/outbox", Token);

        Assert.Contains("fake:lead@alpha.example", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/fake/{attempt.Id:N}\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fake-action\"", page, StringComparison.Ordinal);
    }
}
