using System.Linq.Expressions;
using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Escalation;
using Dashboard.Features.Messages;
using Dashboard.Features.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>
/// The one database. Tenant isolation lives here and only here: every <see cref="ITenantOwned"/> entity
/// gets a query filter on the current <see cref="TenantContext"/>, and <see cref="SaveChangesAsync(bool, CancellationToken)"/>
/// refuses to write a row of another tenant.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options, TenantContext tenant, TimeProvider? time = null)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageEvent> MessageEvents => Set<MessageEvent>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<EscalationPolicy> EscalationPolicies => Set<EscalationPolicy>();
    public DbSet<EscalationPolicyVersion> EscalationPolicyVersions => Set<EscalationPolicyVersion>();
    public DbSet<BusinessHours> BusinessHours => Set<BusinessHours>();
    public DbSet<ClosedDate> ClosedDates => Set<ClosedDate>();
    public DbSet<MessageEscalation> MessageEscalations => Set<MessageEscalation>();
    public DbSet<NotificationAttempt> NotificationAttempts => Set<NotificationAttempt>();
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();
    public DbSet<Features.AccountManagement.AccountManagerAssignment> AccountManagerAssignments => Set<Features.AccountManagement.AccountManagerAssignment>();

    /// <summary>Cookie and antiforgery keys, shared by every node so a sign-in works on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Read by the query filters; EF Core evaluates these per context instance.
    private Guid? CurrentTenantId => tenant.TenantId;
    private bool SeesAllTenants => tenant.AllTenants;
    private Guid[] CurrentTenantIds => tenant.TenantIds;

    public TenantContext Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType))
            {
                builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilterFor(entityType.ClrType));
                builder.Entity(entityType.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
            }
        }
    }

    private LambdaExpression TenantFilterFor(Type entityType)
    {
        // e => SeesAllTenants || e.TenantId == CurrentTenantId || CurrentTenantIds.Contains(e.TenantId)
        var entity = Expression.Parameter(entityType, "e");
        var context = Expression.Constant(this);
        var all = Expression.Property(context, nameof(SeesAllTenants));
        var current = Expression.Property(context, nameof(CurrentTenantId));
        var assigned = Expression.Property(context, nameof(CurrentTenantIds));
        var tenantId = Expression.Property(entity, nameof(ITenantOwned.TenantId));
        var owner = Expression.Convert(tenantId, typeof(Guid?));
        var inAssigned = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)], assigned, tenantId);
        return Expression.Lambda(Expression.OrElse(Expression.OrElse(all, Expression.Equal(owner, current)), inAssigned), entity);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureWritesStayInTenant();
        Features.Audit.AuditTrail.Record(this, tenant, (time ?? TimeProvider.System).GetUtcNow());
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureWritesStayInTenant();
        Features.Audit.AuditTrail.Record(this, tenant, (time ?? TimeProvider.System).GetUtcNow());
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void EnsureWritesStayInTenant()
    {
        if (tenant.AllTenants)
        {
            return;
        }
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && !tenant.CanSee(entry.Entity.TenantId))
            {
                throw new TenantIsolationException(entry.Entity.GetType().Name);
            }
        }
    }
}

public sealed class TenantIsolationException(string entity)
    : InvalidOperationException($"Refused to write a {entity} of another tenant.");
