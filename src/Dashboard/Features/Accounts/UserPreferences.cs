using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Accounts;

/// <summary>How a person likes the dashboard: kept on their user, so it follows them to every browser and sign-in.</summary>
public sealed record Preferences(bool DarkMode, bool SoundOn)
{
    public static readonly Preferences Default = new(false, true);
}

/// <summary>
/// Reads and writes the signed-in user's own preferences (the id always comes from their claims). Written with a plain
/// update, not through the audit: a theme or a sound changes nothing anyone else sees.
/// </summary>
public sealed class UserPreferences(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<Preferences> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Preferences(u.DarkMode, !u.SoundMuted)).FirstOrDefaultAsync(cancellationToken) ?? Preferences.Default;
    }

    public async Task SetDarkModeAsync(Guid userId, bool on, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DarkMode, on), cancellationToken);
    }

    public async Task SetSoundAsync(Guid userId, bool on, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.SoundMuted, !on), cancellationToken);
    }
}
