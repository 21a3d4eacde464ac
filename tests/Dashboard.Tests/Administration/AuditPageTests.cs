using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Administration;

/// <summary>
/// The audit page reads like the change a person made: urgencies, hours and channels by name in the reader's language,
/// contacts and policies by name instead of ids, instants in the tenant's time zone, never a raw enum number, GUID or
/// ISO 8601 timestamp.
/// </summary>
public sealed partial class AuditPageTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("ja", "通常、至急、緊急", "営業時間外", "メール", "ポリシー", "ステップ 2 › 対象 1 › 連絡先")]
    [InlineData("en", "Normal, Urgent, Emergency", "outside business hours", "E-mail", "Policy", "Step 2 › Target 1 › Contact")]
    public async Task PolicyChange_ReadsInWords_NamesAndLocalTimes(string language, string urgencies, string hours, string channel, string policyField, string targetField)
    {
        await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, fixture.World.TenantA.Id);
        var savedAt = new DateTimeOffset(2026, 12, 2, 6, 21, 11, 123, TimeSpan.Zero).AddTicks(4567);
        await SaveChangedPolicyAsync(savedAt);

        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);
        manager.Cookies.Add(fixture.App.BaseAddress, new Cookie(".AspNetCore.Culture", Uri.EscapeDataString($"c={language}|uic={language}")));
        var html = await manager.Http.GetStringAsync(new Uri("/admin/audit", UriKind.Relative), Token);

        using var document = await new HtmlParser().ParseDocumentAsync(html, Token);
        var version = document.QuerySelectorAll("[data-testid='audit-entry'][data-entity='EscalationPolicyVersion']")[0];
        var rows = version.QuerySelectorAll("[data-testid='audit-change']")
            .ToDictionary(r => r.GetAttribute("data-path")!, r => WebUtility.HtmlDecode(r.TextContent));
        Assert.Contains(urgencies, rows["Urgencies"], StringComparison.Ordinal);
        Assert.Contains(hours, rows["Hours"], StringComparison.Ordinal);
        Assert.Contains(channel, rows["Steps[1].Targets[0].Channel"], StringComparison.Ordinal);
        Assert.Contains(TestPolicies.LeadName, rows["Steps[1].Targets[0].ContactId"], StringComparison.Ordinal);
        Assert.Contains(targetField, rows["Steps[1].Targets[0].ContactId"], StringComparison.Ordinal);
        Assert.Contains(policyField, rows["PolicyId"], StringComparison.Ordinal);
        Assert.Contains("至急", rows["PolicyId"], StringComparison.Ordinal);
        // 06:21 UTC is 15:21 in Tokyo, the tenant's zone.
        Assert.Contains("2026/12/02 15:21", rows["CreatedAt"], StringComparison.Ordinal);
        Assert.DoesNotContain("Id", rows.Keys);

        var diffs = string.Join("\n", document.QuerySelectorAll("[data-testid='audit-diff']").Select(d => WebUtility.HtmlDecode(d.TextContent)));
        Assert.DoesNotMatch(GuidPattern(), diffs);
        Assert.DoesNotMatch(IsoInstant(), diffs);
        // No enum number on its own in any urgency, hours, channel, kind or day row.
        foreach (var row in document.QuerySelectorAll("[data-testid='audit-change']")
                     .Where(r => Regex.IsMatch(r.GetAttribute("data-path")!, "(Urgencies|Hours|Channel|Kind|Day)$")))
        {
            Assert.DoesNotMatch(@"(^|[^\d/:])\d([^\d/:]|$)", WebUtility.HtmlDecode(row.QuerySelectorAll("td").Select(td => td.TextContent).Aggregate((a, b) => a + " " + b)));
        }
    }

    /// <summary>The manager saves version 2: every urgency, outside business hours only, the second step e-mails the lead instead of calling the deputy.</summary>
    private async Task SaveChangedPolicyAsync(DateTimeOffset at)
    {
        await using var scope = await ActingAs.UserAsync(fixture, TestWorld.ManagerA);
        EscalationPolicy policy;
        await using (var db = TestDatabase.CreateSystemContext(fixture.ConnectionString))
        {
            policy = await db.EscalationPolicies.AsNoTracking().Include(p => p.Versions).SingleAsync(p => p.TenantId == fixture.World.TenantA.Id, Token);
        }
        var draft = PolicyDraft.From(policy, policy.Versions.Single());
        draft.Urgencies = [Urgency.Normal, Urgency.Urgent, Urgency.Emergency];
        draft.Hours = HoursCoverage.OutsideBusinessHours;
        draft.Steps[1].Targets[0].ContactId = draft.Steps[0].Targets[0].ContactId;
        draft.Steps[1].Targets[0].Channel = NotificationChannel.Email;
        var result = await scope.ServiceProvider.GetRequiredService<PolicySaving>()
            .SaveAsync(fixture.World.TenantA.Id, policy.Id, draft, "担当マネージャー", at, Token);
        Assert.Equal(SaveOutcome.Saved, result.Outcome);
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d")]
    private static partial Regex IsoInstant();
}
