using Bunit;
using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Tests.Components;
using static Dashboard.Tests.AccountManagement.Policies.PolicyExamples;

namespace Dashboard.Tests.AccountManagement.Policies;

/// <summary>The editor shows the validator's findings next to the fields they are about, and never saves a draft with errors.</summary>
public sealed class PolicyEditorFormTests : ComponentTest
{
    private int saves;

    private IRenderedComponent<PolicyEditorForm> RenderForm(PolicyDraft draft)
    {
        RenderPopoverProvider();
        return Render<PolicyEditorForm>(p => p
            .Add(f => f.Draft, draft)
            .Add(f => f.Contacts, Contacts)
            .Add(f => f.OnSave, () => saves++));
    }

    private static IEnumerable<AngleSharp.Dom.IElement> Issues(IRenderedComponent<PolicyEditorForm> form, string field) =>
        form.FindAll($"[data-testid='policy-issue'][data-field='{field}']");

    [Fact]
    public void StepWithoutPhone_ShowsTheErrorUnderThatTarget_AndSaveDoesNotSave()
    {
        var draft = Valid();
        draft.Steps[1].Targets = [Phone(NoPhone)];
        var form = RenderForm(draft);

        var issue = Assert.Single(Issues(form, "step-1-target-0"));
        Assert.Equal("Error", issue.GetAttribute("data-severity"));
        Assert.Contains("受付 には電話番号がないため電話できません", issue.TextContent, StringComparison.Ordinal);

        form.Find("[data-testid='policy-save']").Click();

        form.WaitForAssertion(() => Assert.Contains("入力内容はそのまま残っています", form.Find("[data-testid='policy-has-errors']").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, saves);
        // Nothing typed is lost: the draft and its steps are as they were.
        Assert.Equal(2, form.FindAll("[data-testid='policy-step']").Count);
        Assert.Equal("至急・緊急", draft.Name);
    }

    [Fact]
    public void UnverifiedPhone_ShowsAWarning_AndSaves()
    {
        var draft = Valid();
        draft.Steps[1].Targets = [Phone(Deputy)];
        var form = RenderForm(draft);

        Assert.Equal("Warning", Assert.Single(Issues(form, "step-1-target-0")).GetAttribute("data-severity"));
        form.Find("[data-testid='policy-save']").Click();

        form.WaitForAssertion(() => Assert.Equal(1, saves));
    }

    [Fact]
    public void RemovingTheLastTarget_ShowsTheStepError_AtOnce()
    {
        var form = RenderForm(Valid());
        Assert.Empty(Issues(form, "step-0"));

        form.FindAll("[data-testid='policy-target-remove']")[0].Click();

        form.WaitForAssertion(() => Assert.Equal("ステップ 1 に連絡先がありません。", Assert.Single(Issues(form, "step-0")).TextContent.Trim()));
    }

    [Fact]
    public void TotalTime_FollowsTheDraft_AsStepsAreAddedAndMoved()
    {
        var draft = Valid();
        draft.Repeats = 2;
        var form = RenderForm(draft);
        Assert.Equal("10", form.Find("[data-testid='policy-total']").GetAttribute("data-minutes"));

        // MudBlazor's buttons invoke their handler asynchronously: wait for its effect, never assume it.
        form.Find("[data-testid='policy-add-step']").Click();
        form.WaitForAssertion(() => Assert.Equal("20", form.Find("[data-testid='policy-total']").GetAttribute("data-minutes")));
        Assert.Contains("20 分で全ステップが終了します", form.Find("[data-testid='policy-total']").TextContent, StringComparison.Ordinal);

        // The new last step moves up: it is now step 2, the e-mail step 3.
        var newStep = draft.Steps[2];
        form.FindAll("[data-testid='policy-step-up']")[2].Click();
        form.WaitForAssertion(() => Assert.Same(newStep, draft.Steps[1]));
        Assert.Equal("ステップ 2 を上へ", form.FindAll("[data-testid='policy-step-up']")[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void EmptyName_ShowsItsErrorNextToTheField()
    {
        var draft = Valid();
        draft.Name = "";
        var form = RenderForm(draft);

        Assert.Contains("ポリシー名を入力してください。", form.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void CoverageGap_IsShownAsAWarning()
    {
        var draft = Valid();
        draft.Hours = Dashboard.Features.Escalation.HoursCoverage.OutsideBusinessHours;
        var form = RenderForm(draft);

        var coverage = Issues(form, "coverage").ToList();
        Assert.Equal(2, coverage.Count);
        Assert.All(coverage, c => Assert.Equal("Warning", c.GetAttribute("data-severity")));
        Assert.Contains("至急・営業時間内", coverage[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SameContactTwiceOnTheSameChannelInAStep_IsAWarningUnderTheSecond_ButByPhoneAndEmailIsNot()
    {
        var draft = Valid();
        draft.Steps[0].Targets = [Phone(Director), Email(Director), Phone(Director)];
        var form = RenderForm(draft);

        Assert.Empty(Issues(form, "step-0-target-0"));
        Assert.Empty(Issues(form, "step-0-target-1"));
        var issue = Assert.Single(Issues(form, "step-0-target-2"));
        Assert.Equal("Warning", issue.GetAttribute("data-severity"));
        Assert.Contains("ステップ 1: 院長 に電話で2回連絡することになっています", issue.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SamePersonAgainInTheNextStepAtZeroMinutes_IsAWarning_UntilTheStepWaits()
    {
        var draft = Valid();
        draft.Steps[1] = new StepDraft { DelayMinutes = 0, Targets = [Phone(Director)] };
        var form = RenderForm(draft);

        var issue = Assert.Single(Issues(form, "step-1-target-0"));
        Assert.Equal("Warning", issue.GetAttribute("data-severity"));
        Assert.Contains("院長 にステップ 1 と同時にもう一度電話で連絡します", issue.TextContent, StringComparison.Ordinal);

        form.Find("[data-testid='policy-step'][data-index='1'] input").Input("3");
        form.WaitForAssertion(() => Assert.Empty(Issues(form, "step-1-target-0")));
    }

    [Fact]
    public void AddStep_ProposesSomeoneTheStepBeforeDoesNotCall_AfterFiveMinutes_WithoutAWarning()
    {
        var draft = Valid();
        var form = RenderForm(draft);

        form.Find("[data-testid='policy-add-step']").Click();

        form.WaitForAssertion(() => Assert.Equal(3, draft.Steps.Count));
        Assert.Equal(5, draft.Steps[2].DelayMinutes);
        Assert.NotEqual(Director.Id, draft.Steps[2].Targets.Single().ContactId);
        Assert.DoesNotContain(Issues(form, "step-2-target-0"), i => i.TextContent.Contains("同時", StringComparison.Ordinal));
    }

    [Fact]
    public void NegativeDelay_IsNamedAtTheField_KeptAsTyped_AndNotSaved()
    {
        var draft = Valid();
        var form = RenderForm(draft);

        form.Find("[data-testid='policy-step'][data-index='1'] input").Input("-3");

        form.WaitForAssertion(() => Assert.Contains("待ち時間は 0〜1440 分にしてください。", form.Find("[data-testid='policy-step'][data-index='1']").TextContent, StringComparison.Ordinal));
        Assert.Equal(-3, draft.Steps[1].DelayMinutes);
        form.Find("[data-testid='policy-save']").Click();
        form.WaitForAssertion(() => Assert.NotNull(form.Find("[data-testid='policy-has-errors']")));
        Assert.Equal(0, saves);
        Assert.Equal(-3, draft.Steps[1].DelayMinutes);
    }
}
