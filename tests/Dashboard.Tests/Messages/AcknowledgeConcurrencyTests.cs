using Dashboard.Features.Accounts;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Messages;

/// <summary>
/// Many people press "acknowledge" on the same urgent message at once (staff on the dashboard, the client's
/// own system through the API): exactly one of them takes it, and everybody is told the same name.
/// </summary>
public sealed class AcknowledgeConcurrencyTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const int Callers = 20;

    private Actor staffA1 = default!;
    private Actor staffA2 = default!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var a1 = (await users.FindByEmailAsync(TestWorld.StaffA1))!;
        var a2 = (await users.FindByEmailAsync(TestWorld.StaffA2))!;
        staffA1 = new Actor(a1.Id, a1.DisplayName, ChangeChannel.Dashboard);
        staffA2 = new Actor(a2.Id, a2.DisplayName, ChangeChannel.Dashboard);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private delegate Task<TransitionResult> Transition(MessageService messages, Guid id, Actor actor, CancellationToken cancellationToken);

    /// <summary>One caller as the dashboard does it: its own scope, its tenant set from the signed-in user.</summary>
    private async Task<(TransitionOutcome? Outcome, MessageDto Message)> ViaServiceAsync(Transition transition, Guid id, Actor actor)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenant(fixture.World.TenantA.Id);
        var result = await transition(scope.ServiceProvider.GetRequiredService<MessageService>(), id, actor, Cancellation);
        return (result.Outcome, result.Message!);
    }

    /// <summary>One caller as the client's own system does it: the public API with tenant A's key.</summary>
    private async Task<(TransitionOutcome? Outcome, MessageDto Message)> ViaApiAsync(HttpClient tenantAKey, string action, Guid id)
    {
        using var response = await tenantAKey.PostAsync(new Uri($"/api/v1/messages/{id}/{action}", UriKind.Relative), null, Cancellation);
        response.EnsureSuccessStatusCode();
        return (null, await TestMessages.ReadAsync(response));
    }

    /// <summary>Starts every caller at once (behind one gate) and collects what each was told.</summary>
    private async Task<List<(TransitionOutcome? Outcome, MessageDto Message)>> StampedeAsync(
        Guid id, string action, Transition transition)
    {
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return (i % 3) switch
            {
                0 => await ViaServiceAsync(transition, id, staffA1),
                1 => await ViaServiceAsync(transition, id, staffA2),
                _ => await ViaApiAsync(tenantAKey, action, id),
            };
        }, Cancellation)).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(callers)];
    }

    private async Task<List<MessageEvent>> TimelineAsync(Guid id)
    {
        await using var system = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        return await system.TimelineAsync(id, Cancellation);
    }

    private async Task<MessageDto> NewUrgentMessageAsync()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        return await TestMessages.PostAsync(operatorCentre, TestMessages.TenantA, "駐車場で車に鍵を閉じ込めた", "Emergency");
    }

    [Fact]
    public async Task Acknowledge_ByTwentyPeopleAtOnce_ProducesExactlyOneAcknowledgement()
    {
        var message = await NewUrgentMessageAsync();

        var results = await StampedeAsync(message.Id, "acknowledge", (s, id, actor, ct) => s.AcknowledgeAsync(id, actor, ct));

        var timeline = await TimelineAsync(message.Id);
        Assert.Single(timeline, e => e.Kind == MessageEventKind.Acknowledged);
        Assert.True(results.Count(r => r.Outcome == TransitionOutcome.Changed) <= 1, "more than one caller was told it took the message");
        Assert.DoesNotContain(results, r => r.Outcome == TransitionOutcome.NotFound);

        var winner = timeline.Single(e => e.Kind == MessageEventKind.Acknowledged);
        Assert.All(results, r =>
        {
            Assert.Equal(MessageStatus.Acknowledged, r.Message.Status);
            Assert.Equal(winner.ActorName, r.Message.AcknowledgedBy);
            Assert.Equal(winner.Channel, r.Message.AcknowledgedVia);
            Assert.Equal(winner.At, r.Message.AcknowledgedAt);
        });
        // Every service caller that lost was told so (and by name), not that it won.
        var winnerWasService = winner.Channel == ChangeChannel.Dashboard;
        Assert.Equal(winnerWasService ? 1 : 0, results.Count(r => r.Outcome == TransitionOutcome.Changed));
    }

    [Fact]
    public async Task Resolve_ByTwentyPeopleAtOnce_ProducesExactlyOneResolution()
    {
        var message = await NewUrgentMessageAsync();

        var results = await StampedeAsync(message.Id, "resolve", (s, id, actor, ct) => s.ResolveAsync(id, actor, ct));

        var timeline = await TimelineAsync(message.Id);
        var winner = Assert.Single(timeline, e => e.Kind == MessageEventKind.Resolved);
        Assert.DoesNotContain(timeline, e => e.Kind == MessageEventKind.Acknowledged);
        Assert.All(results, r =>
        {
            Assert.Equal(MessageStatus.Resolved, r.Message.Status);
            Assert.Equal(winner.ActorName, r.Message.ResolvedBy);
            Assert.Equal(winner.At, r.Message.ResolvedAt);
            // Resolving a new message also records who took it: the same person.
            Assert.Equal(winner.ActorName, r.Message.AcknowledgedBy);
        });
        Assert.True(results.Count(r => r.Outcome == TransitionOutcome.Changed) <= 1);
    }

    [Fact]
    public async Task AcknowledgeAndResolve_RacingEachOther_EndResolved_WithOneOfEachAtMost()
    {
        var message = await NewUrgentMessageAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, Callers).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return i % 2 == 0
                ? await ViaServiceAsync((s, id, actor, ct) => s.AcknowledgeAsync(id, actor, ct), message.Id, staffA1)
                : await ViaServiceAsync((s, id, actor, ct) => s.ResolveAsync(id, actor, ct), message.Id, staffA2);
        }, Cancellation)).ToList();
        gate.SetResult();
        await Task.WhenAll(callers);

        var timeline = await TimelineAsync(message.Id);
        Assert.Single(timeline, e => e.Kind == MessageEventKind.Resolved);
        Assert.True(timeline.Count(e => e.Kind == MessageEventKind.Acknowledged) <= 1);
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);
        var final = await TestMessages.GetAsync(tenantAKey, message.Id);
        Assert.Equal(MessageStatus.Resolved, final.Status);
        // Whoever acknowledged first (or the resolver, if nobody did) is the one recorded as having taken it.
        var acknowledged = timeline.SingleOrDefault(e => e.Kind == MessageEventKind.Acknowledged);
        Assert.Equal(acknowledged?.ActorName ?? staffA2.Name, final.AcknowledgedBy);
    }

    [Fact]
    public async Task Acknowledge_AfterItWasTaken_TellsTheLaterCallerWhoTookIt()
    {
        var message = await NewUrgentMessageAsync();

        var first = await ViaServiceAsync((s, id, actor, ct) => s.AcknowledgeAsync(id, actor, ct), message.Id, staffA1);
        var second = await ViaServiceAsync((s, id, actor, ct) => s.AcknowledgeAsync(id, actor, ct), message.Id, staffA2);
        using var tenantAKey = fixture.KeyClient(TestWorld.TenantAKey);
        var viaApi = await ViaApiAsync(tenantAKey, "acknowledge", message.Id);

        Assert.Equal(TransitionOutcome.Changed, first.Outcome);
        Assert.Equal(TransitionOutcome.AlreadyDone, second.Outcome);
        Assert.Equal(staffA1.Name, second.Message.AcknowledgedBy);
        Assert.Equal(staffA1.Name, viaApi.Message.AcknowledgedBy);
        Assert.Equal(ChangeChannel.Dashboard, viaApi.Message.AcknowledgedVia);
        Assert.Single(await TimelineAsync(message.Id), e => e.Kind == MessageEventKind.Acknowledged);
    }

    [Fact]
    public async Task Acknowledge_OfAnotherTenantsMessage_ThroughTheService_IsNotFound()
    {
        using var operatorCentre = fixture.KeyClient(TestWorld.OperatorKey);
        var ofB = await TestMessages.PostAsync(operatorCentre, TestMessages.TenantB, "B の用件");

        var result = await ViaServiceAsync((s, id, actor, ct) => s.AcknowledgeAsync(id, actor, ct), ofB.Id, staffA1);

        Assert.Equal(TransitionOutcome.NotFound, result.Outcome);
        Assert.Null(result.Message);
        Assert.DoesNotContain(await TimelineAsync(ofB.Id), e => e.Kind == MessageEventKind.Acknowledged);
    }
}
