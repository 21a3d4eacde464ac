namespace Dashboard.Features.Accounts;

public static class AuthPolicies
{
    /// <summary>Anyone who may watch a feed: client staff, service staff, tenant and operator-centre keys.</summary>
    public const string FeedReader = nameof(FeedReader);

    /// <summary>Creating messages through the API: operator-centre keys.</summary>
    public const string MessageIntake = nameof(MessageIntake);

    /// <summary>Reading and acting on messages through the API: tenant keys (own tenant) and operator-centre keys.</summary>
    public const string MessageApi = nameof(MessageApi);

    /// <summary>The account-manager console (contacts, hours, policies, dry run of a tenant): account managers, within their assigned tenants, and admins.</summary>
    public const string ManageTenants = nameof(ManageTenants);

    /// <summary>The operator console and board: operators and admins.</summary>
    public const string OperatorConsole = nameof(OperatorConsole);

    /// <summary>A client company's live feed.</summary>
    public const string ClientFeed = nameof(ClientFeed);

    public const string Admin = nameof(Admin);
}
