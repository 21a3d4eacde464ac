using System.Linq.Expressions;
using Dashboard.Features.Accounts;
using Dashboard.Features.ApiKeys;
using Dashboard.Features.Contacts;
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
    public DbSet<Callback> Callbacks => Set<Callback>();
    public DbSet<MessageNote> MessageNotes => Set<MessageNote>();
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
    public DbSet<Features.Tenancy.AccountManagerAssignment> AccountManagerAssignments => Set<Features.Tenancy.AccountManagerAssignment>();
    public DbSet<Features.Reports.ReportSettings> ReportSettings => Set<Features.Reports.ReportSettings>();
    public DbSet<Features.Reports.ReportMailing> ReportMailings => Set<Features.Reports.ReportMailing>();
    public DbSet<Features.Retention.RetentionSettings> RetentionSettings => Set<Features.Retention.RetentionSettings>();
    public DbSet<Features.Callbacks.Bridge.BridgeCall> BridgeCalls => Set<Features.Callbacks.Bridge.BridgeCall>();
    public DbSet<Features.Callbacks.Bridge.OutgoingCallerId> OutgoingCallerIds => Set<Features.Callbacks.Bridge.OutgoingCallerId>();
    public DbSet<Features.Callbacks.Deadlines.CallbackDeadlineSettings> CallbackDeadlineSettings => Set<Features.Callbacks.Deadlines.CallbackDeadlineSettings>();
    public DbSet<Features.Callbacks.Deadlines.CallbackDeadline> CallbackDeadlines => Set<Features.Callbacks.Deadlines.CallbackDeadline>();

    /// <summary>Cookie and antiforgery keys, shared by every node so a sign-in works on all of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Read by the query filters; EF Core evaluates these per query. Each one only answers for its own shape of
    // scope, so a context whose TenantContext changed shape after its model was chosen sees nothing (fails closed).
    private bool SeesAllTenants => tenant.AllTenants;
    private Guid? CurrentTenantId => tenant.AllTenants || tenant.TenantIds.Length > 0 ? null : tenant.TenantId;
    private Guid[] CurrentTenantIds => tenant.AllTenants ? [] : tenant.TenantIds;

    /// <summary>
    /// Which filter shape this context's model carries (see <see cref="TenantScopeModelCacheKeyFactory"/>): one tenant is a
    /// plain equality, an account manager's set one "= ANY(array)", every tenant no tenant predicate. A single filter with
    /// an OR of all three stops PostgreSQL from using the (TenantId, ...) indexes: it read every row of a tenant for its
    /// newest 50 (docs/benchmarks.md, section 4).
    /// </summary>
    internal TenantScopeKind ScopeKind => tenant.AllTenants ? TenantScopeKind.All
        : tenant.TenantIds.Length > 0 ? TenantScopeKind.Many
        : TenantScopeKind.One;

    public TenantContext Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Lets a GIN index hold a uuid column beside an array: the tenant and the search pieces in one index.
        builder.HasPostgresExtension("btree_gin");
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

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        optionsBuilder.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, TenantScopeModelCacheKeyFactory>();
    }

    private LambdaExpression TenantFilterFor(Type entityType)
    {
        var entity = Expression.Parameter(entityType, "e");
        var context = Expression.Constant(this);
        var tenantId = Expression.Property(entity, nameof(ITenantOwned.TenantId));
        Expression body = ScopeKind switch
        {
            // e => SeesAllTenants: a parameter PostgreSQL folds away (or a one-time filter), never a per-row test.
            TenantScopeKind.All => Expression.Property(context, nameof(SeesAllTenants)),
            // e => CurrentTenantIds.Contains(e.TenantId): "TenantId" = ANY(@ids).
            TenantScopeKind.Many => Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)],
                Expression.Property(context, nameof(CurrentTenantIds)), tenantId),
            // e => e.TenantId == CurrentTenantId: "TenantId" = @id; nobody set (null) matches nothing.
            _ => Expression.Equal(Expression.Convert(tenantId, typeof(Guid?)), Expression.Property(context, nameof(CurrentTenantId))),
        };
        return Expression.Lambda(body, entity);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnsureWritesStayInTenant();
        Features.Audit.AuditTrail.Record(this, tenant.UserId, tenant.ActorName, (time ?? TimeProvider.System).GetUtcNow());
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnsureWritesStayInTenant();
        Features.Audit.AuditTrail.Record(this, tenant.UserId, tenant.ActorName, (time ?? TimeProvider.System).GetUtcNow());
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

internal enum TenantScopeKind
{
    One,
    Many,
    All,
}

/// <summary>One cached model per filter shape, so each shape's SQL carries only its own tenant predicate.</summary>
internal sealed class TenantScopeModelCacheKeyFactory : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is AppDbContext app ? (context.GetType(), app.ScopeKind, designTime) : (context.GetType(), designTime);
}

public sealed class TenantIsolationException(string entity)
    : InvalidOperationException($"Refused to write a {entity} of another tenant.");
