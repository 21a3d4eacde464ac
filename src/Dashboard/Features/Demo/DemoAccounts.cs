namespace Dashboard.Features.Demo;

/// <summary>The demo sign-ins and key, listed in the README. Seeded only by the local run (Dashboard:SeedDemo), never in production.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Pass-2026!";
    public const string OperatorApiKey = "dsk_demo_operator_centre_key_0001";
    public const string SakuraApiKey = "dsk_demo_sakura_dental_key_0001";

    public const string SakuraSlug = "sakura-dental";
    public const string YamadaSlug = "yamada-kensetsu";

    public static readonly DemoUser[] Users =
    [
        new("operator@demo.example", "受付 花子", Accounts.Roles.Operator, null, "ja"),
        new("manager@demo.example", "営業 太郎", Accounts.Roles.AccountManager, null, "ja"),
        new("admin@demo.example", "管理 一郎", Accounts.Roles.Admin, null, "ja"),
        new("sato@sakura.example", "佐藤 美咲", Accounts.Roles.ClientStaff, SakuraSlug, "ja"),
        new("suzuki@sakura.example", "鈴木 健", Accounts.Roles.ClientStaff, SakuraSlug, "ja"),
        new("tanaka@yamada.example", "田中 誠", Accounts.Roles.ClientStaff, YamadaSlug, "ja"),
        new("ito@yamada.example", "Emily Ito", Accounts.Roles.ClientStaff, YamadaSlug, "en"),
    ];
}

public sealed record DemoUser(string Email, string DisplayName, string Role, string? TenantSlug, string Culture);
