using System.Net;
using Dashboard.Data;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Escalation;

public sealed class EscalationDataTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<EscalationPolicy> AddPolicyAsync(Guid tenantId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var contact = new Contact { TenantId = tenantId, Name = "担当者", Phone = "+819011112222", Email = "tantou@example.jp" };
        var policy = new EscalationPolicy { TenantId = tenantId, Name = "至急", CurrentVersion = 1 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = tenantId, PolicyId = policy.Id, Version = 1, Repeats = 2, Hours = HoursCoverage.OutsideBusinessHours,
            Urgencies = [Urgency.Emergency],
            Steps = [new() { DelayMinutes = 0, Targets = [new() { Kind = TargetKind.Contact, ContactId = contact.Id, Channel = NotificationChannel.PhoneCall }] }],
        });
        db.Contacts.Add(contact);
        db.EscalationPolicies.Add(policy);
        db.BusinessHours.Add(new BusinessHours { TenantId = tenantId, Weekly = [new() { Day = DayOfWeek.Monday, Open = new(9, 0), Close = new(17, 0) }] });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return policy;
    }

    [Fact]
    public async Task PolicyVersion_RoundTripsStepsAndTargets_ThroughPostgres()
    {
        var saved = await AddPolicyAsync(fixture.World.TenantA.Id);

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var loaded = await db.EscalationPolicies.Include(p => p.Versions).SingleAsync(p => p.Id == saved.Id, TestContext.Current.CancellationToken);
        var version = Assert.Single(loaded.Versions);
        Assert.Equal([Urgency.Emergency], version.Urgencies);
        Assert.Equal(HoursCoverage.OutsideBusinessHours, version.Hours);
        var target = Assert.Single(Assert.Single(version.Steps).Targets);
        Assert.Equal(NotificationChannel.PhoneCall, target.Channel);
        Assert.Equal(saved.Versions[0].Steps[0].Targets[0].ContactId, target.ContactId);
        var hours = await db.BusinessHours.SingleAsync(h => h.TenantId == fixture.World.TenantA.Id, TestContext.Current.CancellationToken);
        Assert.Equal(new TimeOnly(17, 0), Assert.Single(hours.Weekly).Close);
    }

    [Fact]
    public async Task TenantContext_HidesAnotherTenantsPoliciesAndContacts()
    {
        await AddPolicyAsync(fixture.World.TenantB.Id);
        var tenantA = new TenantContext();
        tenantA.SetTenant(fixture.World.TenantA.Id);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(fixture.ConnectionString).Options;

        await using var db = new AppDbContext(options, tenantA);

        Assert.Empty(await db.EscalationPolicies.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.EscalationPolicyVersions.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.Contacts.ToListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.BusinessHours.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EscalationPage_OfAnotherTenant_Is404_AndOwnIsShown()
    {
        await AddPolicyAsync(fixture.World.TenantA.Id);
        await AddPolicyAsync(fixture.World.TenantB.Id);
        using var staffA = await fixture.SignInAsync(TestWorld.StaffA1);

        using var other = await staffA.Http.GetAsync("/escalation/beta-build", TestContext.Current.CancellationToken);
        using var own = await staffA.Http.GetAsync("/escalation", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        // Blazor encodes non-ASCII text as character references.
        var html = WebUtility.HtmlDecode(await own.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("担当者", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ベータ建設", html, StringComparison.Ordinal);
    }
}
