using System.Net;
using Dashboard.Data;
using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Audit;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.EndToEnd;
using Dashboard.Tests.Escalation;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement.Policies;

/// <summary>
/// Who may read and change a tenant's policies (an account manager only their assigned tenants, client staff none), and
/// what a save does: a new audited version, while messages already escalating keep the version they started with.
/// </summary>
public sealed class PolicyPermissionTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, fixture.World.TenantA.Id);
        await TestPolicies.AddLeadThenDeputyAsync(fixture.ConnectionString, fixture.World.TenantB.Id);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<EscalationPolicy> PolicyOfAsync(Guid tenantId)
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await db.EscalationPolicies.AsNoTracking().Include(p => p.Versions).SingleAsync(p => p.TenantId == tenantId, Token);
    }

    /// <summary>Runs <paramref name="work"/> with a database context scoped as an account manager of tenant A only.</summary>
    private async Task<T> AsManagerOfAAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Token);
        return await work(db);
    }

    private static async Task<HttpStatusCode> StatusAsync(SignedInClient client, string path)
    {
        using var response = await client.Http.GetAsync(new Uri(path, UriKind.Relative), Token);
        return response.StatusCode;
    }

    [Fact]
    public async Task ManagerOfTenantA_ReadsAsPolicyPages_ButGets404ForTenantBs()
    {
        var policyA = await PolicyOfAsync(fixture.World.TenantA.Id);
        var policyB = await PolicyOfAsync(fixture.World.TenantB.Id);
        using var manager = await fixture.SignInAsync(TestWorld.ManagerA);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(manager, "/manage/alpha-clinic/policies"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(manager, $"/manage/alpha-clinic/policies/{policyA.Id}"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(manager, "/manage/alpha-clinic/dry-run"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(manager, "/manage/beta-build/policies"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(manager, $"/manage/beta-build/policies/{policyB.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(manager, "/manage/beta-build/policies/new"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(manager, "/manage/beta-build/dry-run"));
        // B's policy under A's slug is no way in either.
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(manager, $"/manage/alpha-clinic/policies/{policyB.Id}"));
    }

    [Fact]
    public async Task ClientStaff_AreSentToAccessDenied_FromTheEditorAndDryRun()
    {
        var policyA = await PolicyOfAsync(fixture.World.TenantA.Id);
        using var staff = await fixture.SignInAsync(TestWorld.StaffA1);

        foreach (var path in new[] { "/manage/alpha-clinic/policies", $"/manage/alpha-clinic/policies/{policyA.Id}", "/manage/alpha-clinic/dry-run" })
        {
            using var response = await staff.Http.GetAsync(new Uri(path, UriKind.Relative), Token);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.ToString().Contains("AccessDenied", StringComparison.Ordinal) == true,
                $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task ManagerOfTenantA_CannotChangeTenantBsPolicy_OrCreateOneForB()
    {
        var policyB = await PolicyOfAsync(fixture.World.TenantB.Id);
        var draft = PolicyDraft.From(policyB, policyB.Versions.Single());
        draft.Repeats = 5;

        var result = await AsManagerOfAAsync(db =>
            PolicySaving.SaveAsync(db, fixture.World.TenantB.Id, policyB.Id, draft, "営業A", DateTimeOffset.UtcNow, Token));
        Assert.Equal(SaveOutcome.NotFound, result.Outcome);

        // Naming tenant B outright: the save check refuses before anything is written.
        await Assert.ThrowsAsync<TenantIsolationException>(() => AsManagerOfAAsync(db =>
            PolicySaving.SaveAsync(db, fixture.World.TenantB.Id, null, draft, "営業A", DateTimeOffset.UtcNow, Token)));

        var after = await PolicyOfAsync(fixture.World.TenantB.Id);
        Assert.Equal(1, after.CurrentVersion);
        Assert.Equal(1, Assert.Single(after.Versions).Repeats);
    }

    [Fact]
    public async Task Saving_MakesANewAuditedVersion_WhileAnEscalatingMessageKeepsItsOldVersion()
    {
        var before = await PolicyOfAsync(fixture.World.TenantA.Id);
        var escalating = await ApiMessages.PostAsync(fixture, "alpha-clinic", "水漏れ", "Urgent");
        var started = await Eventually.ReadAsync(() => EscalationAsync(escalating), e => e is not null, "the escalation to start", Token);
        Assert.Equal(before.Versions.Single().Id, started!.PolicyVersionId);

        var draft = PolicyDraft.From(before, before.Versions.Single());
        draft.Steps[1].DelayMinutes = 10;
        var saving = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); // as PostgreSQL stores it
        var result = await AsManagerOfAAsync(db =>
            PolicySaving.SaveAsync(db, fixture.World.TenantA.Id, before.Id, draft, "営業A", saving, Token));

        Assert.Equal(SaveOutcome.Saved, result.Outcome);
        var after = await PolicyOfAsync(fixture.World.TenantA.Id);
        Assert.Equal(2, after.CurrentVersion);
        var v2 = after.Versions.Single(v => v.Version == 2);
        Assert.Equal(("営業A", saving, 10), (v2.CreatedBy, v2.CreatedAt, v2.Steps[1].DelayMinutes));
        Assert.Equal(5, after.Versions.Single(v => v.Version == 1).Steps[1].DelayMinutes);

        // The message already escalating follows version 1; the next message follows version 2.
        Assert.Equal(before.Versions.Single().Id, (await EscalationAsync(escalating))!.PolicyVersionId);
        var next = await ApiMessages.PostAsync(fixture, "alpha-clinic", "停電", "Urgent");
        var nextEscalation = await Eventually.ReadAsync(() => EscalationAsync(next), e => e is not null, "the next escalation", Token);
        Assert.Equal(v2.Id, nextEscalation!.PolicyVersionId);

        await using var audit = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var entries = await audit.AuditEntries.AsNoTracking().Where(a => a.Entity == nameof(EscalationPolicyVersion) || a.Entity == nameof(EscalationPolicy))
            .Where(a => a.At >= saving).ToListAsync(Token);
        Assert.Contains(entries, e => e.Entity == nameof(EscalationPolicyVersion) && e.Action == AuditAction.Created && e.EntityId == v2.Id.ToString());
        Assert.Contains(entries, e => e.Entity == nameof(EscalationPolicy) && e.Action == AuditAction.Updated);
    }

    [Fact]
    public async Task SavingOnTopOfANewerVersion_IsAConflict_AndWritesNothing()
    {
        var policy = await PolicyOfAsync(fixture.World.TenantA.Id);
        var first = PolicyDraft.From(policy, policy.Versions.Single());
        var second = PolicyDraft.From(policy, policy.Versions.Single());
        await AsManagerOfAAsync(db => PolicySaving.SaveAsync(db, fixture.World.TenantA.Id, policy.Id, first, "営業A", DateTimeOffset.UtcNow, Token));

        var result = await AsManagerOfAAsync(db => PolicySaving.SaveAsync(db, fixture.World.TenantA.Id, policy.Id, second, "営業A", DateTimeOffset.UtcNow, Token));

        Assert.Equal(SaveOutcome.Conflict, result.Outcome);
        Assert.Equal(2, (await PolicyOfAsync(fixture.World.TenantA.Id)).Versions.Count);
    }

    private Task<MessageEscalation?> EscalationAsync(Guid messageId) => EscalationRows.EscalationAsync(fixture.ConnectionString, messageId);
}
