using Dashboard.Data;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Accounts;

[GlobalEntity("Identity users: answering-service staff span tenants; client staff carry their tenant in TenantId and the claim.")]
[Audit.Audited(TenantProperty = nameof(TenantId))]
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public ApplicationUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public string DisplayName { get; set; } = "";

    /// <summary>Set for ClientStaff only: the one tenant they belong to.</summary>
    public Guid? TenantId { get; set; }

    /// <summary>"ja" or "en"; remembered across sign-ins.</summary>
    public string PreferredCulture { get; set; } = "ja";

    /// <summary>Dark theme, kept on the server so every browser and every sign-in shows the same.</summary>
    public bool DarkMode { get; set; }

    /// <summary>No alert sound for new urgent messages (notifications and highlights still show).</summary>
    public bool SoundMuted { get; set; }

    /// <summary>A deactivated user cannot sign in, and open dashboards lose access within seconds.</summary>
    public bool IsActive { get; set; } = true;
}
