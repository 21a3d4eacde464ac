using System.Text.Json;
using Dashboard.Data;
using Dashboard.Features.Audit;
using Dashboard.Features.Contacts;
using Dashboard.Features.Escalation;
using Dashboard.Features.Tenancy;
using Dashboard.Tests.Administration;
using Dashboard.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Audit;

/// <summary>Every tracked change to an audited record leaves who, when, what, before and after, in the same transaction.</summary>
public sealed class AuditTrailTests(AppFixture fixture) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ContactCreatedThenEdited_IsAuditedWithBeforeAndAfter_AndTheActor()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.SetFromUser(await ActingAs.PrincipalAsync(fixture, TestWorld.ManagerA));
        tenant.SetTenants([fixture.World.TenantA.Id]);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        var contact = new Contact { TenantId = fixture.World.TenantA.Id, Name = "院長 山田", Phone = "+819011112222" };
        await using (var db = await dbFactory.CreateDbContextAsync(Token))
        {
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(Token);
        }
        await using (var db = await dbFactory.CreateDbContextAsync(Token))
        {
            var stored = await db.Contacts.SingleAsync(c => c.Id == contact.Id, Token);
            stored.Phone = "+819099998888";
            await db.SaveChangesAsync(Token);
        }

        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var entries = await check.AuditEntries.AsNoTracking().Where(a => a.EntityId == contact.Id.ToString()).OrderBy(a => a.Id).ToListAsync(Token);
        Assert.Equal([AuditAction.Created, AuditAction.Updated], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("営業A", e.ActorName));
        Assert.All(entries, e => Assert.Equal(fixture.World.TenantA.Id, e.TenantId));
        Assert.Null(entries[0].Before);
        Assert.Equal("+819011112222", Json(entries[1].Before).GetProperty("Phone").GetString());
        Assert.Equal("+819099998888", Json(entries[1].After).GetProperty("Phone").GetString());
    }

    [Fact]
    public async Task UserChanges_AreAudited_WithoutTheirSecrets()
    {
        await using var db = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var user = await db.Users.SingleAsync(u => u.Email == TestWorld.StaffA1, Token);
        user.IsActive = false;
        await db.SaveChangesAsync(Token);

        var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == "ApplicationUser" && a.EntityId == user.Id.ToString())
            .OrderByDescending(a => a.Id).FirstAsync(Token);
        Assert.Equal(AuditAction.Updated, entry.Action);
        Assert.False(Json(entry.After).GetProperty("IsActive").GetBoolean());
        Assert.DoesNotContain("PasswordHash", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityStamp", entry.Before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyHoursChangedAlone_IsAuditedWithTheOldWeekBeforeAndTheNewWeekAfter()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().SetTenants([fixture.World.TenantA.Id]);
        var editor = scope.ServiceProvider.GetRequiredService<Dashboard.Features.AccountManagement.Hours.HoursEditor>();
        var a = fixture.World.TenantA.Id;
        Dashboard.Features.AccountManagement.Hours.DayHoursInput Monday(string close) => new() { Day = DayOfWeek.Monday, IsOpen = true, Open = "09:00", Close = close };
        await editor.SaveWeeklyAsync(a, [Monday("18:00")], closedOnPublicHolidays: true, Token);

        // Only the week changes: the holiday flag, the owner's one plain column, stays as it was.
        var errors = await editor.SaveWeeklyAsync(a, [Monday("17:00")], closedOnPublicHolidays: true, Token);
        Assert.Empty(errors);

        await using var check = TestDatabase.CreateSystemContext(fixture.ConnectionString);
        var entries = await check.AuditEntries.AsNoTracking().Where(e => e.Entity == nameof(BusinessHours)).OrderBy(e => e.Id).ToListAsync(Token);
        var update = Assert.Single(entries, e => e.Action == AuditAction.Updated);
        Assert.Equal("18:00:00", Json(update.Before).GetProperty("Weekly")[0].GetProperty("Close").GetString());
        Assert.Equal("17:00:00", Json(update.After).GetProperty("Weekly")[0].GetProperty("Close").GetString());

        // Saving the same week again is no change, and leaves no entry.
        await editor.SaveWeeklyAsync(a, [Monday("17:00")], closedOnPublicHolidays: true, Token);
        Assert.Equal(entries.Count, await check.AuditEntries.CountAsync(e => e.Entity == nameof(BusinessHours), Token));
    }

    private static JsonElement Json(string? text) => JsonDocument.Parse(text!).RootElement;
}
