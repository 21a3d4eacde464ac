using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Escalation;
using Dashboard.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static Dashboard.Tests.AccountManagement.Policies.PolicyExamples;

namespace Dashboard.Tests.AccountManagement.Policies;

/// <summary>The versions list says what changed, step by step, in the reader's language.</summary>
public sealed class PolicyDiffTests : ComponentTest
{
    private IReadOnlyList<string> Describe(PolicyDraft before, PolicyDraft after) =>
        new PolicyDiff(Services.GetRequiredService<IStringLocalizer<SharedResource>>(), id => Contacts.First(c => c.Id == id).Name,
            Services.GetRequiredService<Dashboard.Features.Notifications.NotificationChannelCatalog>())
            .Describe(before.ToVersion(TenantId, Guid.Empty), after.ToVersion(TenantId, Guid.Empty));

    [Fact]
    public void ChangedDelayAddedTargetAndRepeats_ReadAsSentences()
    {
        var after = Valid();
        after.Steps[1].DelayMinutes = 10;
        after.Steps[1].Targets.Add(Phone(Director));
        after.Repeats = 2;

        Assert.Equal(["繰り返し: 1 → 2 回", "ステップ 2: 待ち時間 5 → 10 分、院長（電話） を追加"], Describe(Valid(), after));
    }

    [Fact]
    public void AddedAndRemovedSteps_AndHours_InEnglish()
    {
        UseCulture("en");
        var after = Valid();
        after.Hours = HoursCoverage.OutsideBusinessHours;
        after.Steps.Add(new StepDraft { DelayMinutes = 1, Targets = [Phone(Deputy)] });

        Assert.Equal(["Hours: any time → outside business hours", "Step 3: added (after 1 min, 副院長 (Phone call))"], Describe(Valid(), after));
        Assert.Equal(["Hours: outside business hours → any time", "Step 3: removed"], Describe(after, Valid()));
    }
}
