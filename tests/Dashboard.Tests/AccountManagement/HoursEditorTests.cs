using Dashboard.Features.AccountManagement.Hours;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AccountManagement;

/// <summary>The weekly editor replaces the stored week, and explains a closing time before the opening one.</summary>
public sealed class HoursEditorTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task SaveWeekly_ReplacesTheWeek_AndRefusesCloseBeforeOpen()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
        var editor = scope.ServiceProvider.GetRequiredService<HoursEditor>();
        var a = fixture.World.TenantA.Id;

        await editor.SaveWeeklyAsync(a, [new DayHoursInput { Day = DayOfWeek.Monday, IsOpen = true, Open = "9:00", Close = "18:00" }], true, Token);
        var errors = await editor.SaveWeeklyAsync(a, [new DayHoursInput { Day = DayOfWeek.Tuesday, IsOpen = true, Open = "18:00", Close = "9:00" }], false, Token);
        Assert.True(errors.ContainsKey("Tuesday.Close"));
        var saved = await editor.SaveWeeklyAsync(a,
            [new DayHoursInput { Day = DayOfWeek.Tuesday, IsOpen = true, Open = "10:00", Close = "17:30" }, new DayHoursInput { Day = DayOfWeek.Monday }], false, Token);
        Assert.Empty(saved);

        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var hours = await db.BusinessHours.SingleAsync(h => h.TenantId == a, Token);
        var period = Assert.Single(hours.Weekly);
        Assert.Equal((DayOfWeek.Tuesday, new TimeOnly(10, 0), new TimeOnly(17, 30)), (period.Day, period.Open, period.Close));
        Assert.False(hours.ClosedOnPublicHolidays);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Entity == nameof(BusinessHours), Token));
    }
}
