using Dashboard.Features.Contacts;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>
/// The "test" action sends through the channel's real sender (here a real SMTP server; the phone goes to the
/// development outbox) and records its outcome, without creating anything an escalation could mistake for its own.
/// </summary>
public sealed class ContactTesterTests(EmailAppFixture fixture) : IClassFixture<EmailAppFixture>, IAsyncLifetime
{
    private Contact contact = default!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        contact = new Contact { TenantId = fixture.World.TenantA.Id, Name = "担当 一郎", Email = $"lead-{Guid.NewGuid():N}@alpha.example", Phone = "+819012345678" };
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task TestEmail_ArrivesThroughSmtp_AsAPlainTest_AndIsRecorded_WithoutAnyNotificationAttempt()
    {
        var result = await TestAsync(NotificationChannel.Email);

        Assert.Equal(ContactTestOutcome.Sent, result.Outcome);
        var mail = await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == contact.Email));
        Assert.Contains("【テスト】", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(result.Reference, mail.MessageId);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        Assert.False(await db.NotificationAttempts.AnyAsync(Token));
        var recorded = await db.AuditEntries.SingleAsync(a => a.Entity == ContactTester.AuditEntity, Token);
        Assert.Equal(contact.Id.ToString(), recorded.EntityId);
        Assert.Equal("Sent", Recorded(recorded.After, "Outcome"));
        Assert.Equal("Email", Recorded(recorded.After, "Channel"));
    }

    [Fact]
    public async Task TestCall_WithoutTwilio_GoesToTheDevOutbox_AndSaysSo()
    {
        var result = await TestAsync(NotificationChannel.PhoneCall);

        Assert.Equal(ContactTestOutcome.DevOutbox, result.Outcome);
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var recorded = await db.AuditEntries.SingleAsync(a => a.Entity == ContactTester.AuditEntity, Token);
        Assert.Equal("DevOutbox", Recorded(recorded.After, "Outcome"));
    }

    [Fact]
    public async Task TestEmail_ThatTheServerRefuses_IsRecordedAsFailed_WithTheReason()
    {
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            var stored = await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token);
            stored.Email = "nobody@alpha.example";
            await db.SaveChangesAsync(Token);
        }

        var result = await TestAsync(NotificationChannel.Email);

        Assert.Equal(ContactTestOutcome.Failed, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Error));
        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var recorded = await check.AuditEntries.SingleAsync(a => a.Entity == ContactTester.AuditEntity, Token);
        Assert.Equal("Failed", Recorded(recorded.After, "Outcome"));
    }

    private static string? Recorded(string? json, string property)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json!);
        return document.RootElement.GetProperty(property).GetString();
    }

    private async Task<ContactTestResult> TestAsync(NotificationChannel channel)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
        return await scope.ServiceProvider.GetRequiredService<ContactTester>().TestAsync(fixture.World.TenantA.Id, contact.Id, channel, Token);
    }
}
