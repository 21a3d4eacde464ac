namespace Dashboard.Features.AccountManagement;

/// <summary>The `AccountManagement` settings.</summary>
public sealed class AccountManagementOptions
{
    public const string Section = "AccountManagement";

    /// <summary>A message still New after this many minutes counts as "unacknowledged too long" on the tenants list.</summary>
    public int UnacknowledgedAfterMinutes { get; set; } = 10;
}
