using Bunit;
using Dashboard.Features.Accounts;
using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Escalation;
using Dashboard.Features.LiveFeed;
using Dashboard.Features.Notifications;
using Dashboard.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using static Dashboard.Tests.AccountManagement.Policies.PolicyExamples;

namespace Dashboard.Tests.Notifications;

/// <summary>
/// A channel registered only here (<see cref="FakeChannel.Description"/>, beside the app's two) shows up wherever the app
/// lists or shows channels, because those places ask its registration instead of switching on the kind (decision 24).
/// The contact tester, the contacts page and the development outbox are shown on the real app in <see cref="ChannelContractTests"/>.
/// </summary>
public sealed class NewChannelTests : ComponentTest
{
    public NewChannelTests() => Services.AddSingleton(FakeChannel.Description);

    [Fact]
    public void PolicyEditor_OffersEveryRegisteredChannel_TheNewOneIncluded_ByTheNameItsRegistrationGives()
    {
        var popovers = Render<MudPopoverProvider>();
        var form = Render<PolicyEditorForm>(p => p.Add(f => f.Draft, Valid()).Add(f => f.Contacts, Contacts).Add(f => f.OnSave, () => { }));

        var channelSelect = form.FindComponents<MudSelect<NotificationChannel>>()[0];
        form.InvokeAsync(() => channelSelect.Instance.OpenMenu());

        popovers.WaitForAssertion(() => Assert.Equal(["電話", "メール", "FakeChannel_Name"],
            popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList()));
    }

    [Fact]
    public void PolicyValidator_AsksTheChannelWhichAddressItNeeds()
    {
        var validator = new PolicyValidator(Services.GetRequiredService<IStringLocalizer<SharedResource>>(), Services.GetRequiredService<NotificationChannelCatalog>());
        var draft = Valid();
        // The fake channel reaches people at their e-mail: the deputy has none, the front desk has one (and no phone).
        draft.Steps[1].Targets = [new() { Kind = TargetKind.Contact, ContactId = Deputy.Id, Channel = FakeChannel.FakeKind },
            new() { Kind = TargetKind.Contact, ContactId = NoPhone.Id, Channel = FakeChannel.FakeKind }];

        var result = validator.Validate(draft, null, Contacts, []);

        Assert.Contains("副院長 にはメールアドレスがないためメールできません", Assert.Single(result.For("step-1-target-0")).Text, StringComparison.Ordinal);
        Assert.Empty(result.For("step-1-target-1"));
    }

    [Fact]
    public void AttemptLine_ShowsTheNewChannelsIconAndName()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer");
        auth.SetRoles(Roles.Operator);
        var at = new DateTimeOffset(2026, 12, 1, 0, 30, 0, TimeSpan.Zero);
        var attempt = new OutlookAttempt(Guid.NewGuid(), "担当 一郎", "lead@alpha.example", FakeChannel.FakeKind, AttemptStatus.Sent, 0, 0, at, at, null);

        var line = Render<AttemptLine>(p => p.Add(c => c.Attempt, attempt).Add(c => c.TimeZone, TimeZoneInfo.Utc));

        Assert.Contains("FakeChannel_Name", line.Markup, StringComparison.Ordinal);
        var rendered = RenderedPaths(line.Find("[data-testid=timeline-attempt]"));
        Assert.NotEmpty(rendered);
        Assert.Subset(IconPaths(FakeChannel.Description.Icon).ToHashSet(), rendered.ToHashSet());
    }
}
