using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Features.Contacts;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.AccountManagement;

/// <summary>
/// A real test e-mail (through a real SMTP server) carries a "this address works" link: opening it changes
/// nothing, confirming it marks the address verified (audited), and only while it is still the tested address.
/// </summary>
public sealed partial class ContactVerifyEmailTests(EmailAppFixture fixture) : IClassFixture<EmailAppFixture>, IAsyncLifetime
{
    private Contact contact = default!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        contact = new Contact { TenantId = fixture.World.TenantA.Id, Name = "Ichiro Lead", Email = $"lead-{Guid.NewGuid():N}@alpha.example", Language = "en" };
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(Token);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task TestEmail_CarriesAVerifyLink_AndNoAcknowledgeLink()
    {
        var link = await SendTestEmailAsync();

        Assert.StartsWith(fixture.App.BaseAddress.AbsoluteUri + "verify/", link.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningTheLink_ChangesNothing_ConfirmingVerifiesTheAddress_AndIsAudited()
    {
        var link = await SendTestEmailAsync();
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);

        var opened = await browser.GetAsync(link.PathAndQuery);

        Assert.Equal((HttpStatusCode.OK, "Open"), (opened.Status, opened.Outcome));
        Assert.Contains("This address works", opened.Text, StringComparison.Ordinal);
        Assert.Contains(contact.Email!, opened.Text, StringComparison.Ordinal);
        Assert.Null(await VerifiedAtAsync());

        var confirmed = await browser.PostAsync(link.PathAndQuery, opened);

        Assert.Equal((HttpStatusCode.OK, "JustVerified"), (confirmed.Status, confirmed.Outcome));
        Assert.Contains("This address is confirmed", confirmed.Text, StringComparison.Ordinal);
        Assert.NotNull(await VerifiedAtAsync());
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var audit = await db.AuditEntries.SingleAsync(a => a.Entity == nameof(Contact) && a.EntityId == contact.Id.ToString()
            && a.Action == Dashboard.Features.Audit.AuditAction.Updated, Token);
        Assert.Null(audit.ActorUserId);
        Assert.Contains(contact.Name, audit.ActorName, StringComparison.Ordinal);
        Assert.Equal("AlreadyVerified", (await browser.GetAsync(link.PathAndQuery)).Outcome);
    }

    [Fact]
    public async Task AddressChangedAfterTheTest_IsRefused_AndNothingIsVerified()
    {
        var link = await SendTestEmailAsync();
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var opened = await browser.GetAsync(link.PathAndQuery);
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            (await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token)).Email = "someone-else@alpha.example";
            await db.SaveChangesAsync(Token);
        }

        var confirmed = await browser.PostAsync(link.PathAndQuery, opened);

        Assert.Equal((HttpStatusCode.Conflict, "AddressChanged"), (confirmed.Status, confirmed.Outcome));
        Assert.Contains("The address has changed", confirmed.Text, StringComparison.Ordinal);
        Assert.Null(await VerifiedAtAsync());
    }

    [Fact]
    public async Task ExpiredLink_IsRefused_AndNothingIsVerified()
    {
        var link = await SendTestEmailAsync();
        // The app's own keys, with a clock that says the link was issued 24 hours and a minute ago.
        var dayAgo = new FakeTimeProvider(DateTimeOffset.UtcNow - VerifyTokens.Lifetime - TimeSpan.FromMinutes(1));
        var expired = new VerifyTokens(fixture.App.Services.GetRequiredService<IDataProtectionProvider>(), dayAgo)
            .Issue(contact.TenantId, contact.Id, contact.Email!, "en");
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var form = await browser.GetAsync(link.PathAndQuery);

        var opened = await browser.GetAsync($"/verify/{expired}");
        var confirmed = await browser.PostAsync($"/verify/{expired}", form);

        Assert.Equal((HttpStatusCode.Gone, "Expired"), (opened.Status, opened.Outcome));
        Assert.Contains("This link has expired", opened.Text, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Gone, "Expired"), (confirmed.Status, confirmed.Outcome));
        Assert.Null(await VerifiedAtAsync());
    }

    [Fact]
    public async Task TamperedLink_IsRefusedAsInvalid_AndNothingIsVerified()
    {
        var link = await SendTestEmailAsync();
        var token = link.AbsolutePath["/verify/".Length..];
        var tampered = $"/verify/{token[..^2]}{(token[^2] == 'A' ? 'B' : 'A')}{token[^1]}";
        using var browser = new AcknowledgePageClient(fixture.App.BaseAddress);
        var form = await browser.GetAsync(link.PathAndQuery);

        var opened = await browser.GetAsync(tampered);
        var confirmed = await browser.PostAsync(tampered, form);

        Assert.Equal((HttpStatusCode.BadRequest, "Invalid"), (opened.Status, opened.Outcome));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid"), (confirmed.Status, confirmed.Outcome));
        Assert.Null(await VerifiedAtAsync());
    }

    /// <summary>Sends the test e-mail through the app's SMTP sender and returns the verify link the recipient got.</summary>
    private async Task<Uri> SendTestEmailAsync()
    {
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
            var result = await scope.ServiceProvider.GetRequiredService<ContactTester>().TestAsync(fixture.World.TenantA.Id, contact.Id, NotificationChannel.Email, Token);
            Assert.Equal(ContactTestOutcome.Sent, result.Outcome);
        }
        var mail = await fixture.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == contact.Email));
        Assert.DoesNotContain("/ack/", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/ack/", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("This address works", mail.TextBody, StringComparison.Ordinal);
        return new Uri(VerifyLink().Match(mail.TextBody ?? "").Value);
    }

    private async Task<DateTimeOffset?> VerifiedAtAsync()
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return (await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token)).EmailVerifiedAt;
    }

    [GeneratedRegex(@"https?://\S+/verify/[A-Za-z0-9_-]+")]
    private static partial Regex VerifyLink();
}
