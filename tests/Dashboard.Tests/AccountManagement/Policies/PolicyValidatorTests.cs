using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static Dashboard.Tests.AccountManagement.Policies.PolicyExamples;

namespace Dashboard.Tests.AccountManagement.Policies;

/// <summary>The validator on its own: what blocks a save, what only warns, and that it says so in the reader's language.</summary>
public sealed class PolicyValidatorTests : ComponentTest
{
    private PolicyValidation Validate(PolicyDraft draft, IReadOnlyCollection<ActivePolicy>? others = null, Guid? policyId = null) =>
        new PolicyValidator(Services.GetRequiredService<IStringLocalizer<SharedResource>>(), Services.GetRequiredService<Dashboard.Features.Notifications.NotificationChannelCatalog>()).Validate(draft, policyId, Contacts, others ?? []);

    private static ActivePolicy Active(string name, HoursCoverage hours, params Urgency[] urgencies) =>
        new(Guid.CreateVersion7(), name, new EscalationPolicyVersion { Urgencies = [.. urgencies], Hours = hours, Steps = [new() { Targets = [new()] }] });

    [Fact]
    public void ValidPolicy_HasNoIssues_AndCountsTheTotalTimeOverEveryRound()
    {
        var draft = Valid();
        draft.Repeats = 3;

        var result = Validate(draft);

        Assert.Empty(result.Issues);
        Assert.Equal((0 + 5) * 3, result.TotalMinutes);
    }

    [Fact]
    public void StepWithoutTargets_IsAnError_OnThatStep()
    {
        var draft = Valid();
        draft.Steps[1].Targets.Clear();

        var result = Validate(draft);

        Assert.True(result.HasErrors);
        Assert.Equal("ステップ 2 に連絡先がありません。", Assert.Single(result.For("step-1")).Text);
    }

    [Fact]
    public void PhoneTargetWithoutPhone_IsAnError_NamingTheContact()
    {
        var draft = Valid();
        draft.Steps[0].Targets = [Phone(NoPhone)];

        var issue = Assert.Single(Validate(draft).For("step-0-target-0"));

        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Equal("ステップ 1: 受付 には電話番号がないため電話できません。", issue.Text);
    }

    [Fact]
    public void InactiveContact_IsAnError()
    {
        var draft = Valid();
        draft.Steps[1].Targets = [Phone(Retired)];

        var issue = Assert.Single(Validate(draft).For("step-1-target-0"));

        Assert.Equal(IssueSeverity.Error, issue.Severity);
        Assert.Contains("退職者", issue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void EmailTargetWithoutAddress_IsAnError()
    {
        var draft = Valid();
        draft.Steps[1].Targets = [Email(Deputy)];

        Assert.Equal(IssueSeverity.Error, Assert.Single(Validate(draft).For("step-1-target-0")).Severity);
    }

    [Fact]
    public void UnverifiedPhone_IsOnlyAWarning_AndDoesNotBlockSaving()
    {
        var draft = Valid();
        draft.Steps[1].Targets = [Phone(Deputy)];

        var result = Validate(draft);

        var issue = Assert.Single(result.For("step-1-target-0"));
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Equal("ステップ 2: 副院長 の電話番号はまだ確認されていません（テスト発信で確認できます）。", issue.Text);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void MissingNameUrgenciesAndSteps_AndBadNumbers_AreErrorsOnTheirFields()
    {
        var draft = new PolicyDraft { Name = " ", Urgencies = [], Repeats = 0 };

        var result = Validate(draft);

        Assert.NotNull(result.ErrorFor("name"));
        Assert.NotNull(result.ErrorFor("urgencies"));
        Assert.NotNull(result.ErrorFor("steps"));
        Assert.NotNull(result.ErrorFor("repeats"));
        draft = Valid();
        draft.Steps[1].DelayMinutes = -1;
        Assert.NotNull(Validate(draft).ErrorFor("step-1-delay"));
    }

    [Fact]
    public void TwoActivePoliciesForUrgentInsideHours_WarnOfTheOverlap_AndNameWhichOneWins()
    {
        var draft = Valid();
        draft.Hours = HoursCoverage.InsideBusinessHours;
        draft.Urgencies = [Urgency.Urgent];
        var existing = Active("日中", HoursCoverage.Always, Urgency.Urgent, Urgency.Emergency);

        var coverage = Validate(draft, [existing]).For("coverage").ToList();

        var overlap = Assert.Single(coverage);
        Assert.Equal(IssueSeverity.Warning, overlap.Severity);
        Assert.Equal("至急・営業時間内: 「日中」、「至急・緊急」 が重複しています。古い方の「日中」が使われます。", overlap.Text);
    }

    [Fact]
    public void EmergencyOutsideHoursCoveredByNone_WarnsOfTheGap()
    {
        var draft = Valid();
        draft.Hours = HoursCoverage.InsideBusinessHours;

        var coverage = Validate(draft).For("coverage").Select(i => i.Text).ToList();

        Assert.Equal(
            ["至急・営業時間外: どの有効なポリシーも対象にしていません。エスカレーションされません。",
             "緊急・営業時間外: どの有効なポリシーも対象にしていません。エスカレーションされません。"],
            coverage);
    }

    [Fact]
    public void InactiveDraft_LeavesItsHoursUncovered()
    {
        var draft = Valid();
        draft.IsActive = false;

        Assert.Equal(4, Validate(draft).For("coverage").Count());
    }

    [Fact]
    public void Messages_AreInEnglish_ForAnEnglishReader()
    {
        UseCulture("en");
        var draft = Valid();
        draft.Steps[0].Targets.Clear();

        Assert.Equal("Step 1 has nobody to contact.", Assert.Single(Validate(draft).For("step-0")).Text);
    }
}
