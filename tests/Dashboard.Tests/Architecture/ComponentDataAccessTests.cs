using Microsoft.AspNetCore.Components;
using NetArchTest.Rules;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// Pages and components reach data through their feature's scoped services (issue 10 point 4), never through
/// AppDbContext (or its factory) themselves: the queries live where they can be read, reused and tested on their own.
/// </summary>
public sealed class ComponentDataAccessTests
{
    /// <summary>Components that still open a context, each with why. Keep it short; each line is a page to move.</summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        // Built on parallel branches while this rule was written; each moves its reads into its feature's service next.
        ["Dashboard.Features.History.HistoryPage"] = "built beside this rule: its tenant pick and row reads move into a History query service",
        ["Dashboard.Features.Reports.MonthlyReportPage"] = "built beside this rule: its access check moves into the report query",
    };

    [Fact]
    public void NoComponentDependsOnTheDatabaseContext()
    {
        var offenders = ComponentsUsingTheContext(typeof(Program).Assembly).Where(name => !Exceptions.ContainsKey(name)).ToList();
        Assert.True(offenders.Count == 0, "Components that use AppDbContext instead of their feature's services:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void AComponentThatInjectsTheContextFactoryIsFound()
    {
        Assert.Contains(typeof(ComponentInjectingTheContext).FullName!, ComponentsUsingTheContext(typeof(ComponentInjectingTheContext).Assembly));
    }

    private static List<string> ComponentsUsingTheContext(System.Reflection.Assembly assembly) =>
        // Lambdas and async methods compile into nested types, so a dependency is charged to the outermost type.
        [.. (Types.InAssembly(assembly).ShouldNot().HaveDependencyOn("Dashboard.Data.AppDbContext").GetResult().FailingTypes ?? [])
            .Select(t => (t.FullName ?? t.Name).Split('/')[0])
            .Distinct()
            .Where(name => assembly.GetType(name) is { } type && typeof(ComponentBase).IsAssignableFrom(type))
            .Order(StringComparer.Ordinal)];
}

/// <summary>What the rule must catch: a component that only injects the factory and reads in an async method.</summary>
internal sealed class ComponentInjectingTheContext : ComponentBase
{
    [Inject]
    private Microsoft.EntityFrameworkCore.IDbContextFactory<Dashboard.Data.AppDbContext> DbFactory { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
    }
}
