using NetArchTest.Rules;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// Dependencies flow one way (docs/architecture.md, "Layers"): no type, Razor components included (they compile
/// into their folder's namespace), depends on a namespace of a layer above its own.
/// </summary>
public sealed class LayerDirectionTests
{
    [Fact]
    public void NoTypeDependsOnALayerAboveItsOwn()
    {
        var violations = Violations(typeof(Program).Assembly);
        Assert.True(violations.Count == 0, "Dependencies against the layer direction:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void EveryFeatureFolderHasALayer()
    {
        var placed = Layers.BottomUp.SelectMany(l => l.Namespaces).ToHashSet();
        var features = typeof(Program).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith("Dashboard.Features.", StringComparison.Ordinal))
            .Select(n => string.Join('.', n.Split('.').Take(3)))
            .Distinct()
            .Where(n => !placed.Contains(n))
            .ToList();
        Assert.True(features.Count == 0, "Feature namespaces with no layer in Layers.BottomUp: " + string.Join(", ", features));
    }

    internal static List<string> Violations(System.Reflection.Assembly assembly)
    {
        var found = new List<string>();
        var layers = Layers.BottomUp;
        for (var i = 0; i < layers.Length; i++)
        {
            for (var higher = i + 1; higher < layers.Length; higher++)
            {
                // NetArchTest matches whole namespace segments: "Features.Accounts" does not match "Features.AccountManagement".
                var forbidden = layers[higher].Namespaces;
                foreach (var own in layers[i].Namespaces)
                {
                    var result = Types.InAssembly(assembly).That().ResideInNamespace(own)
                        .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
                    foreach (var type in result.FailingTypes ?? [])
                    {
                        var name = type.FullName ?? type.Name;
                        if (!Layers.Exceptions.Any(e => e.IsType(name) && (e.Layer is null || e.Layer == layers[higher].Name)))
                        {
                            found.Add($"{name} ({layers[i].Name}) depends on {layers[higher].Name}");
                        }
                    }
                }
            }
        }
        return found;
    }
}
