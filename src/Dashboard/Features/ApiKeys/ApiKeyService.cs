using System.Security.Cryptography;
using System.Text;
using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.ApiKeys;

/// <summary>Creates keys (the plain key is returned once, only its SHA-256 is stored) and finds the live key for a presented secret.</summary>
public sealed class ApiKeyService(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    private const string KeyPrefix = "dsk_";

    public sealed record Created(ApiKey Key, string PlainKey);

    /// <summary>Every key, newest first (the keys page; the secrets are not stored, only prefixes and hashes).</summary>
    public async Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<Created> CreateAsync(string name, ApiKeyScope scope, Guid? tenantId, CancellationToken cancellationToken, string? plainKey = null)
    {
        if (scope == ApiKeyScope.Tenant && tenantId is null)
        {
            throw new ArgumentException("A tenant key needs a tenant.", nameof(tenantId));
        }
        plainKey ??= KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            Name = name,
            Prefix = plainKey[..Math.Min(12, plainKey.Length)],
            Hash = Hash(plainKey),
            Scope = scope,
            TenantId = scope == ApiKeyScope.Tenant ? tenantId : null,
            CreatedAt = time.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(key, plainKey);
    }

    public async Task<ApiKey?> FindActiveAsync(string plainKey, CancellationToken cancellationToken)
    {
        var hash = Hash(plainKey);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking()
            // A tenant key stops working with its tenant: a deactivated client's systems are refused like a revoked key.
            .FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null
                && (k.TenantId == null || db.Tenants.Any(t => t.Id == k.TenantId && t.IsActive)), cancellationToken);
    }

    public async Task RevokeAsync(Guid keyId, CancellationToken cancellationToken)
    {
        // Through the tracked entity, not ExecuteUpdate, so the audit log records who revoked it. The key is refused
        // from the next request on: FindActiveAsync reads the database on every request, nothing caches it.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null, cancellationToken);
        if (key is null)
        {
            return;
        }
        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // Requests check the key afresh; open hub connections on every node are closed by this.
        await new Accounts.AccessRevoked(Accounts.RevokedKind.ApiKey, key.Id).SendAsync(db, cancellationToken);
    }

    public static byte[] Hash(string plainKey) => SHA256.HashData(Encoding.UTF8.GetBytes(plainKey));
}
