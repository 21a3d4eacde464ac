namespace Dashboard.Tests.Architecture;

/// <summary>A layer: namespaces whose types may depend on their own layer and every layer listed before it.</summary>
internal sealed record Layer(string Name, params string[] Namespaces);

/// <summary>
/// Types allowed to depend on a higher layer (<paramref name="Layer"/>, or any when null), each with why.
/// Keep it short: every line is a dependency against the direction that someone chose to keep.
/// </summary>
internal sealed record KnownException(Func<string, bool> IsType, string? Layer, string Why);

/// <summary>
/// The direction of dependencies in src/Dashboard (docs/architecture.md draws it): bottom first. To add a
/// feature, put its namespace in the layer it belongs to (or a new row between two); the test picks it up.
/// </summary>
internal static class Layers
{
    public static readonly Layer[] BottomUp =
    [
        new("Foundation", "Dashboard.Data", "Dashboard.Features.Errors", "Dashboard.Features.Security", "Dashboard.Features.Observability",
            "Dashboard.Components.Shared"),
        new("Audit", "Dashboard.Features.Audit"),
        new("Accounts", "Dashboard.Features.Accounts"),
        new("Localization", "Dashboard.Features.Localization"),
        new("Tenancy", "Dashboard.Features.Tenancy"),
        new("ApiKeys", "Dashboard.Features.ApiKeys"),
        new("Messages", "Dashboard.Features.Messages"),
        new("Notifications", "Dashboard.Features.Notifications"),
        new("Contacts", "Dashboard.Features.Contacts"),
        new("Escalation", "Dashboard.Features.Escalation"),
        new("Callbacks", "Dashboard.Features.Callbacks"),
        new("LiveFeed", "Dashboard.Features.LiveFeed"),
        new("Top", "Dashboard.Features.Intake", "Dashboard.Features.AccountManagement", "Dashboard.Features.Administration",
            "Dashboard.Features.SelfService", "Dashboard.Features.Health", "Dashboard.Features.Demo", "Dashboard.Features.History",
            "Dashboard.Features.Reports", "Dashboard.Features.Retention",
            // Not "Dashboard.Components" itself: it would take in Components.Shared, which is foundation. App and Routes sit
            // there and nothing depends on them.
            "Dashboard.Components.Layout", "Dashboard.Components.Pages", "Dashboard.Components.Account"),
    ];

    /// <summary>
    /// The persistence model is one: AppDbContext (a DbSet per entity, the audit and tenant checks at save) and
    /// the migrations name entities of every feature. Only these types may; the rest
    /// of Dashboard.Data (the tenant-owned marker, registration) keeps to the foundation.
    /// </summary>
    public static readonly KnownException[] Exceptions =
    [
        new(t => t.StartsWith("Dashboard.Data.AppDbContext", StringComparison.Ordinal), null,
            "the one EF Core model: a DbSet for every feature's entity"),
        new(t => t.StartsWith("Dashboard.Data.Migrations.", StringComparison.Ordinal), null,
            "migrations and the model snapshot describe every table"),
    ];
}
