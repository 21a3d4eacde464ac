using Dashboard.Data;
using Dashboard.Features.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Isolation;

/// <summary>
/// The tenant query filter reaches PostgreSQL as one plain predicate per mode, so the (TenantId, ...) indexes serve it.
/// An OR of every mode ("all || TenantId = @id || TenantId = ANY(@ids)") made PostgreSQL read all of a tenant's rows
/// for the newest 50 (a BitmapOr; 0.6-1 s with 3 M rows). No database is needed: only the SQL is built.
/// </summary>
public sealed class TenantFilterShapeTests
{
    private static string NewestFiftySql(Action<TenantContext> scope)
    {
        var tenant = new TenantContext();
        scope(tenant);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=model.invalid;Database=model_only").Options;
        using var db = new AppDbContext(options, tenant);
        return db.Messages.OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id).Take(50).ToQueryString();
    }

    private static string WhereClause(string sql) =>
        sql.Contains("WHERE", StringComparison.Ordinal) ? sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..sql.IndexOf("ORDER BY", StringComparison.Ordinal)] : "";

    [Fact]
    public void OneTenant_IsAPlainEquality()
    {
        var where = WhereClause(NewestFiftySql(t => t.SetTenant(Guid.CreateVersion7())));

        Assert.Contains("m.\"TenantId\" = @", where, StringComparison.Ordinal);
        Assert.DoesNotContain(" OR ", where, StringComparison.Ordinal);
        Assert.DoesNotContain("ANY", where, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccountManagersTenants_AreOneArrayMatch()
    {
        var where = WhereClause(NewestFiftySql(t => t.SetTenants([Guid.CreateVersion7(), Guid.CreateVersion7()])));

        Assert.Contains("m.\"TenantId\" = ANY (@", where, StringComparison.Ordinal);
        Assert.DoesNotContain(" OR ", where, StringComparison.Ordinal);
    }

    [Fact]
    public void AllTenants_HasNoTenantPredicate()
    {
        var sql = NewestFiftySql(t => t.SetSystem());

        Assert.DoesNotContain("TenantId\" =", WhereClause(sql), StringComparison.Ordinal);
    }

    [Fact]
    public void NobodySet_StillSeesNothing()
    {
        // Fails closed: with no scope at all the filter must not fall away.
        var where = WhereClause(NewestFiftySql(_ => { }));

        Assert.NotEqual("", where);
        Assert.DoesNotContain("TRUE", where.ToUpperInvariant(), StringComparison.Ordinal);
    }
}
