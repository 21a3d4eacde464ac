using Dashboard.Data;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// Guards the shape of the model: a new entity that is neither tenant-owned nor deliberately global fails
/// here, before it can leak one tenant's rows to another. No database is needed: the model is built in memory.
/// </summary>
public sealed class TenantIsolationModelTests
{
    private static IModel AppModel()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=model.invalid;Database=model_only").Options;
        using var db = new AppDbContext(options, new TenantContext());
        return db.Model;
    }

    [Fact]
    public void EveryEntityInTheAppModel_IsTenantOwnedWithAFilter_OrMarkedGlobal()
    {
        var violations = TenantIsolationRules.Violations(AppModel());

        Assert.True(violations.Count == 0, "Tenant isolation rules broken:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheRules_SeeTheEntitiesThatMatter()
    {
        // Proves the check above looked at something: the tenant-owned and global entities are all in the model.
        var types = AppModel().GetEntityTypes().Select(e => e.ClrType).ToHashSet();

        Assert.Contains(typeof(Message), types);
        Assert.Contains(typeof(MessageEvent), types);
        Assert.Contains(typeof(Tenant), types);
        Assert.Contains(typeof(Features.Accounts.ApplicationUser), types);
        Assert.Contains(typeof(Features.ApiKeys.ApiKey), types);
        var owned = AppModel().GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();
        Assert.Contains(typeof(Features.Escalation.NotificationAttempt), owned.Select(e => e.ClrType));
        Assert.Contains(typeof(Features.Escalation.EscalationPolicyVersion), owned.Select(e => e.ClrType));
        Assert.True(owned.Count >= 9, $"only {owned.Count} tenant-owned entities found");
        Assert.All(owned, e => Assert.NotEmpty(e.GetDeclaredQueryFilters()));
    }

    [Fact]
    public void MarkingRule_RejectsAnUnmarkedEntity_AndAcceptsOwnedOrGlobalOnes()
    {
        Assert.NotNull(TenantIsolationRules.MarkingViolation(typeof(UnmarkedThing)));
        Assert.Null(TenantIsolationRules.MarkingViolation(typeof(OwnedThing)));
        Assert.Null(TenantIsolationRules.MarkingViolation(typeof(GlobalThing)));
        Assert.Null(TenantIsolationRules.MarkingViolation(typeof(Microsoft.AspNetCore.Identity.IdentityRole<Guid>)));
    }

    [Fact]
    public void MarkingRule_DoesNotInheritTheGlobalMark()
    {
        // [GlobalEntity] is Inherited = false: a subclass must make its own case for being shared.
        Assert.NotNull(TenantIsolationRules.MarkingViolation(typeof(SubclassOfGlobalThing)));
    }

    [Fact]
    public void Rules_FailForAModelWithAnUnmarkedEntity_AndAnUnfilteredTenantOwnedOne()
    {
        var options = new DbContextOptionsBuilder<CarelessContext>().UseNpgsql("Host=model.invalid;Database=model_only").Options;
        using var careless = new CarelessContext(options);

        var violations = TenantIsolationRules.Violations(careless.Model);

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains(nameof(UnmarkedThing), StringComparison.Ordinal) && v.Contains("GlobalEntity", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains(nameof(OwnedThing), StringComparison.Ordinal) && v.Contains("query filter", StringComparison.Ordinal));
    }

    public sealed class UnmarkedThing
    {
        public Guid Id { get; set; }
    }

    public sealed class OwnedThing : ITenantOwned
    {
        public Guid Id { get; set; }
        public Guid TenantId { get; set; }
    }

    [GlobalEntity("test double")]
    public class GlobalThing
    {
        public Guid Id { get; set; }
    }

    public sealed class SubclassOfGlobalThing : GlobalThing;

    /// <summary>A context that forgets both rules: an unmarked entity, and a tenant-owned one without a filter.</summary>
    private sealed class CarelessContext(DbContextOptions<CarelessContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<UnmarkedThing>();
            modelBuilder.Entity<OwnedThing>();
            modelBuilder.Entity<GlobalThing>().ToTable("GlobalThings");
        }
    }
}
