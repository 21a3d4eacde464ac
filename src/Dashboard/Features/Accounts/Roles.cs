namespace Dashboard.Features.Accounts;

public static class Roles
{
    public const string Operator = "Operator";
    public const string ClientStaff = "ClientStaff";
    public const string AccountManager = "AccountManager";
    public const string Admin = "Admin";

    /// <summary>Callers authenticated by an operator-centre API key.</summary>
    public const string OperatorCentre = "OperatorCentre";

    /// <summary>Callers authenticated by a tenant-scoped API key (a client's own systems).</summary>
    public const string TenantApi = "TenantApi";

    public static readonly string[] All = [Operator, ClientStaff, AccountManager, Admin];

    /// <summary>Answering-service staff: they work across every tenant.</summary>
    public const string StaffOfService = Operator + "," + AccountManager + "," + Admin;
}
