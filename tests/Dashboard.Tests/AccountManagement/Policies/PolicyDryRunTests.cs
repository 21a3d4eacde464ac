using Dashboard.Features.AccountManagement.Policies;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Notifications;
using Dashboard.Features.Tenancy;
using static Dashboard.Tests.AccountManagement.Policies.PolicyExamples;

namespace Dashboard.Tests.AccountManagement.Policies;

/// <summary>
/// The dry run at fixed instants: which policy the engine's rules choose and why (weekly hours, a public holiday, the
/// tenant's closed date), and every step of every round at its absolute time.
/// </summary>
public sealed class PolicyDryRunTests
{
    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>The app's channels, as it registers them: each says which of a contact's addresses it needs.</summary>
    private static readonly NotificationChannelCatalog AppChannels =
        new([Dashboard.Features.Notifications.Phone.PhoneChannel.Description, Dashboard.Features.Notifications.Email.EmailChannel.Description]);

    private static readonly EscalationPolicy Daytime = Policy("日中", HoursCoverage.InsideBusinessHours, repeats: 1,
        new EscalationStep { DelayMinutes = 0, Targets = [new() { ContactId = Director.Id, Channel = NotificationChannel.Email }] });

    private static readonly EscalationPolicy Night = Policy("夜間", HoursCoverage.OutsideBusinessHours, repeats: 2,
        new EscalationStep { DelayMinutes = 0, Targets = [new() { ContactId = Director.Id, Channel = NotificationChannel.PhoneCall }] },
        new EscalationStep
        {
            DelayMinutes = 5,
            Targets = [new() { ContactId = NoPhone.Id, Channel = NotificationChannel.PhoneCall }, new() { Kind = TargetKind.AllStaff, Channel = NotificationChannel.Email }],
        });

    private static readonly EscalationOverview Tenant = new(
        new Tenant { Slug = "alpha-clinic", DisplayName = "アルファ歯科" },
        new BusinessHours
        {
            TenantId = TenantId,
            Weekly = [.. Enumerable.Range(1, 5).Select(d => new OpeningPeriod { Day = (DayOfWeek)d, Open = new(9, 0), Close = new(18, 0) })],
        },
        [new ClosedDate { TenantId = TenantId, Date = new DateOnly(2026, 12, 29), Reason = "年末年始休業" }],
        Contacts,
        [Daytime, Night]);

    private static EscalationPolicy Policy(string name, HoursCoverage hours, int repeats, params EscalationStep[] steps)
    {
        var policy = new EscalationPolicy { TenantId = TenantId, Name = name, CurrentVersion = 3 };
        policy.Versions.Add(new EscalationPolicyVersion
        {
            TenantId = TenantId, PolicyId = policy.Id, Version = 3, Hours = hours, Repeats = repeats, Urgencies = [Urgency.Urgent, Urgency.Emergency], Steps = [.. steps],
        });
        return policy;
    }

    [Fact]
    public void InsideHours_ChoosesTheDaytimePolicy_BecauseOfTheWeeklyHours()
    {
        var at = new DateTimeOffset(2026, 5, 7, 10, 0, 0, Japan); // a Thursday

        var result = PolicyDryRun.Run(Tenant, Urgency.Urgent, at, AppChannels);

        Assert.Equal(new OpenDecision(true, OpenReason.WithinWeeklyHours, null), result.Decision);
        Assert.Same(Daytime, result.Policy);
        var step = Assert.Single(result.Steps);
        Assert.Equal(at, step.DueAt);
        Assert.Equal(new DryRunTarget("院長", NotificationChannel.Email, AllStaff: false, Reachable: true), Assert.Single(step.Targets));
    }

    [Fact]
    public void OutsideHours_ChoosesTheNightPolicy_AndListsEveryStepOfEveryRound()
    {
        var at = new DateTimeOffset(2026, 5, 7, 20, 0, 0, Japan);

        var result = PolicyDryRun.Run(Tenant, Urgency.Emergency, at, AppChannels);

        Assert.Equal(OpenReason.OutsideWeeklyHours, result.Decision.Reason);
        Assert.Same(Night, result.Policy);
        Assert.Equal(
            // Each delay counts after the previous step, across rounds: round 2's first step (0 min) follows round 1's last.
            [(1, 1, at), (1, 2, at.AddMinutes(5)), (2, 1, at.AddMinutes(5)), (2, 2, at.AddMinutes(10))],
            result.Steps.Select(s => (s.Round + 1, s.StepIndex + 1, s.DueAt)));
        Assert.Equal(TimeSpan.FromMinutes(10), result.Steps[^1].AfterStart);
        // The desk has no phone: the dry run says the call would not reach anybody; every staff member goes by e-mail.
        Assert.Equal(
            [new DryRunTarget("受付", NotificationChannel.PhoneCall, false, Reachable: false), new DryRunTarget("", NotificationChannel.Email, true, true)],
            result.Steps[1].Targets);
    }

    [Fact]
    public void JapanesePublicHoliday_OnAWeekdayMorning_IsOutsideHours_AndNamesTheHoliday()
    {
        var at = new DateTimeOffset(2026, 5, 4, 10, 0, 0, Japan); // Monday, みどりの日

        var result = PolicyDryRun.Run(Tenant, Urgency.Urgent, at, AppChannels);

        Assert.Equal(new OpenDecision(false, OpenReason.PublicHoliday, "みどりの日"), result.Decision);
        Assert.Same(Night, result.Policy);
    }

    [Fact]
    public void TenantClosedDate_IsOutsideHours_WithItsReason()
    {
        var at = new DateTimeOffset(2026, 12, 29, 10, 0, 0, Japan); // a Tuesday

        var result = PolicyDryRun.Run(Tenant, Urgency.Urgent, at, AppChannels);

        Assert.Equal(new OpenDecision(false, OpenReason.TenantClosedDate, "年末年始休業"), result.Decision);
        Assert.Same(Night, result.Policy);
    }

    [Fact]
    public void NormalUrgency_ChoosesNoPolicy_AndPlansNothing()
    {
        var result = PolicyDryRun.Run(Tenant, Urgency.Normal, new DateTimeOffset(2026, 5, 7, 10, 0, 0, Japan), AppChannels);

        Assert.Null(result.Policy);
        Assert.Empty(result.Steps);
    }

    [Fact]
    public void LocalTime_IsReadInTheTenantsZone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        Assert.True(PolicyDryRun.TryParseLocal("2026-05-04T10:00", tokyo, out var at));
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 1, 0, 0, TimeSpan.Zero), at);
        Assert.Equal("2026-05-04T10:00", PolicyDryRun.FormatLocal(at, tokyo));
        Assert.False(PolicyDryRun.TryParseLocal("2026-13-04T10:00", tokyo, out _));
    }

    [Fact]
    public void LocalTime_WithSeconds_AsBrowsersSendATypedValue_IsRead()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        Assert.True(PolicyDryRun.TryParseLocal("2026-12-02T22:30:00", tokyo, out var at));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 13, 30, 0, TimeSpan.Zero), at);
        Assert.True(PolicyDryRun.TryParseLocal("2027-01-11T10:00:00.000", tokyo, out _));
    }
}
