using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorTests.Infrastructure;

/// <summary>
/// Walks an object graph through its fields and reports every object that must not live in a cached incremental
/// model: symbols, compilations, syntax, semantic models, locations, diagnostics and attribute data all pin a
/// compilation in memory and defeat caching.
/// </summary>
internal static class ModelWalker
{
    private static readonly Type[] s_forbidden =
    [
        typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel),
        typeof(Location), typeof(Diagnostic), typeof(AttributeData), typeof(SourceText), typeof(AdditionalText),
    ];

    public static IReadOnlyList<string> FindForbidden(object? root, string rootName)
    {
        var found = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, rootName, visited, found);
        return found;
    }

    private static void Walk(object? value, string path, HashSet<object> visited, List<string> found)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is string or decimal or TextSpan or LinePositionSpan or LinePosition or Type)
        {
            return;
        }

        if (s_forbidden.FirstOrDefault(f => f.IsAssignableFrom(type)) is { } forbidden)
        {
            found.Add($"{path}: {type.Name} is a {forbidden.Name}");
            return;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence and not IDictionary)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                Walk(item, $"{path}[{index++}]", visited, found);
            }

            return;
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), path + "." + field.Name.Replace("<", "", StringComparison.Ordinal).Replace(">k__BackingField", "", StringComparison.Ordinal), visited, found);
            }
        }
    }
}
