using System.Net;
using Dashboard.Features.Messages;
using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Messages;

namespace Dashboard.Tests.Isolation;

/// <summary>
/// Tenant A's key and tenant A's staff, pointed at tenant B's message through every API route and page:
/// always 404 (another tenant's message and no message look the same), and B's message is left untouched.
/// </summary>
public sealed class CrossTenantAccessTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private MessageDto messageOfA = default!;
    private MessageDto messageOfB = default!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        messageOfA = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "A の用件: 予約の変更");
        messageOfB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B の用件: 水道管の破裂");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Every API route that names a message or a tenant.</summary>
    private static readonly (string Method, string Route)[] Routes =
    [
        ("GET", "/api/v1/messages/{id}"),
        ("GET", "/api/v1/messages?tenant={tenant}"),
        ("POST", "/api/v1/messages/{id}/acknowledge"),
        ("POST", "/api/v1/messages/{id}/resolve"),
    ];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route, MessageDto target)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), route
            .Replace("{id}", target.Id.ToString(), StringComparison.Ordinal)
            .Replace("{tenant}", target.Tenant, StringComparison.Ordinal));
        return await client.SendAsync(request, Cancellation);
    }

    [Fact]
    public async Task EveryApiRoute_WithTenantAKey_OnTenantBsMessage_Returns404_AndLeavesItUnchanged()
    {
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);
        using var tenantB = fixture.KeyClient(TestWorld.TenantBKey);

        foreach (var (method, route) in Routes)
        {
            using var response = await SendAsync(tenantA, method, route, messageOfB);

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {route} answered {(int)response.StatusCode}");
            // A problem document, not the message: no field of it leaks.
            Assert.DoesNotContain("callerName", await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            var after = await TestMessages.GetAsync(tenantB, messageOfB.Id);
            Assert.Equal(MessageStatus.New, after.Status);
            Assert.Null(after.AcknowledgedBy);
            Assert.Null(after.ResolvedBy);
            Assert.Equal(messageOfB.UpdatedAt, after.UpdatedAt);
        }
    }

    [Fact]
    public async Task EveryApiRoute_WithTenantAKey_OnOwnMessage_Succeeds()
    {
        // The control for the 404s above: the same routes and key work on A's own message.
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        foreach (var (method, route) in Routes)
        {
            using var response = await SendAsync(tenantA, method, route, messageOfA);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {route} answered {(int)response.StatusCode}");
            Assert.Contains(messageOfA.Id.ToString(), await response.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }
        Assert.Equal(MessageStatus.Resolved, (await TestMessages.GetAsync(tenantA, messageOfA.Id)).Status);
    }

    [Fact]
    public async Task List_WithTenantAKey_ReturnsOnlyTenantAsMessages_WhateverTheFilter()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var secondOfB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B の二件目");
        using var tenantA = fixture.KeyClient(TestWorld.TenantAKey);

        foreach (var query in new[] { "", "?status=New", "?urgency=Urgent", "?since=2000-01-01T00:00:00Z", "?limit=1000" })
        {
            var listed = await TestMessages.ListAsync(tenantA, query);

            Assert.Equal([messageOfA.Id], listed.Select(m => m.Id));
            Assert.All(listed, m => Assert.Equal(TestMessages.TenantA, m.Tenant));
            // Control: the operator centre sees both tenants through the same route and filter.
            var all = await TestMessages.ListAsync(operatorCentre, query);
            // Newest first; a catch-up (since) runs in change order instead, oldest change first, so it can page by keyset.
            Guid[] newestFirst = [secondOfB.Id, messageOfB.Id, messageOfA.Id];
            Assert.Equal(query.StartsWith("?since", StringComparison.Ordinal) ? newestFirst.Reverse() : newestFirst, all.Select(m => m.Id));
        }
    }

    [Fact]
    public async Task List_WithTenantBKey_NamingTenantA_Returns404()
    {
        using var tenantB = fixture.KeyClient(TestWorld.TenantBKey);

        using var response = await tenantB.GetAsync(new Uri("/api/v1/messages?tenant=alpha-clinic", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MessagePage_ForStaffA1_OfTenantBsMessage_Returns404_WithoutItsContent()
    {
        using var staffA1 = await fixture.SignInAsync(TestWorld.StaffA1);

        using var response = await staffA1.Http.GetAsync(new Uri($"/messages/{messageOfB.Id}", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(messageOfB.Subject, await PageTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagePage_ForStaffA1_OfOwnMessage_Returns200_WithItsContent()
    {
        using var staffA1 = await fixture.SignInAsync(TestWorld.StaffA1);

        using var response = await staffA1.Http.GetAsync(new Uri($"/messages/{messageOfA.Id}", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(messageOfA.Subject, await PageTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagePage_ForStaffA1_OfUnknownId_Returns404()
    {
        using var staffA1 = await fixture.SignInAsync(TestWorld.StaffA1);

        using var response = await staffA1.Http.GetAsync(new Uri($"/messages/{Guid.CreateVersion7()}", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MessagePage_ForStaffB_OfTenantBsMessage_Returns200()
    {
        using var staffB = await fixture.SignInAsync(TestWorld.StaffB);

        using var response = await staffB.Http.GetAsync(new Uri($"/messages/{messageOfB.Id}", UriKind.Relative), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(messageOfB.Subject, await PageTextAsync(response), StringComparison.Ordinal);
    }

    /// <summary>The prerendered HTML with entities decoded (Razor encodes Japanese text as character references).</summary>
    private static async Task<string> PageTextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancellation));
}
