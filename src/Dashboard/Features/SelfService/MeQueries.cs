using Dashboard.Data;
using Dashboard.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.SelfService;

/// <summary>
/// What /me shows: the contact escalation reaches this person through (linked by <see cref="Contact.UserId"/>), the name
/// they have on the dashboard beside the one calls and e-mails use, their dashboard language, and who is on call now.
/// </summary>
public sealed record MeView(string DisplayName, string? AccountEmail, string PreferredCulture, Contact? Contact, OnCallNow? OnCall);

/// <summary>The reads behind /me, always for the signed-in user's own tenant and contact (both from the caller's claims).</summary>
public sealed class MeQueries(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public async Task<MeView> LoadAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.TenantId == tenantId)
            .Select(u => new { u.DisplayName, u.Email, u.PreferredCulture }).FirstAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().Where(c => c.UserId == userId && c.TenantId == tenantId)
            .OrderByDescending(c => c.IsActive).ThenBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var onCall = await OnCallNow.LoadAsync(db, tenantId, time.GetUtcNow(), cancellationToken);
        return new MeView(user.DisplayName, user.Email, user.PreferredCulture, contact, onCall);
    }
}
