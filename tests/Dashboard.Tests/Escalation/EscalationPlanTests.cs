using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;

namespace Dashboard.Tests.Escalation;

public sealed class EscalationPlanTests
{
    private static EscalationPolicyVersion ThreeStepsTwice(HoursCoverage hours = HoursCoverage.Always) => new()
    {
        Repeats = 2,
        Hours = hours,
        Steps =
        [
            new() { DelayMinutes = 0, Targets = [new() { Kind = TargetKind.Contact, ContactId = Guid.NewGuid(), Channel = NotificationChannel.PhoneCall }] },
            new() { DelayMinutes = 5, Targets = [new() { Kind = TargetKind.Contact, ContactId = Guid.NewGuid(), Channel = NotificationChannel.PhoneCall }] },
            new() { DelayMinutes = 10, Targets = [new() { Kind = TargetKind.AllStaff, Channel = NotificationChannel.Email }] },
        ],
    };

    [Fact]
    public void Plan_CountsEachDelayFromThePreviousStep_AcrossRounds()
    {
        var start = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        var plan = EscalationPlan.For(ThreeStepsTwice(), start);

        Assert.Equal([0, 5, 15, 15, 20, 30], plan.Select(p => (int)(p.DueAt - start).TotalMinutes));
        Assert.Equal([0, 0, 0, 1, 1, 1], plan.Select(p => p.Round));
    }

    [Fact]
    public void Choose_PicksTheActivePolicyCoveringUrgencyAndHours()
    {
        EscalationPolicy Policy(HoursCoverage hours, bool active = true)
        {
            var policy = new EscalationPolicy { Name = hours.ToString(), IsActive = active, CurrentVersion = 1 };
            var version = ThreeStepsTwice(hours);
            version.Version = 1;
            policy.Versions.Add(version);
            return policy;
        }
        var inside = Policy(HoursCoverage.InsideBusinessHours);
        var outside = Policy(HoursCoverage.OutsideBusinessHours);
        var inactive = Policy(HoursCoverage.Always, active: false);

        Assert.Same(inside, EscalationPlan.Choose([inactive, inside, outside], Urgency.Urgent, insideBusinessHours: true)?.Policy);
        Assert.Same(outside, EscalationPlan.Choose([inactive, inside, outside], Urgency.Emergency, insideBusinessHours: false)?.Policy);
        Assert.Null(EscalationPlan.Choose([inactive, inside, outside], Urgency.Normal, insideBusinessHours: true));
    }
}
