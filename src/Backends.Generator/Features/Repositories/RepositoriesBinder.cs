using System;
using System.Collections.Generic;
using System.Linq;
using Backends.Generator.Diagnostics;
using Backends.Generator.Model;
using Backends.Generator.Naming;

namespace Backends.Generator.Features.Repositories;

/// <summary>
/// Joins the <c>"repositories"</c> section with the repository sources every declared-data module contributed: checks
/// each entry's name and reference where it is written (with a did-you-mean), and that what it names can be a
/// repository. Knows no module by name: a source is a source, whichever backend holds the data.
/// </summary>
internal static class RepositoriesBinder
{
    private const string Shape = "'kind.connection.collection', as in \"mongodb.events.users\" or \"dynamodb.main.users\"";

    /// <summary>Names an accessor of the static class cannot take: its own, and what every class inherits.</summary>
    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "Repositories", "Equals", "GetHashCode", "GetType", "ToString", "ReferenceEquals", "MemberwiseClone", "Finalize",
    };

    public static RepositoriesGeneration Bind(RepositoriesInput input, EquatableArray<RepositorySource> sources)
    {
        if (input.Sections.IsEmpty || !input.ShouldEmit)
        {
            return RepositoriesGeneration.Empty;
        }

        var diagnostics = new List<DiagnosticInfo>();
        foreach (var overlay in input.Sections.Where(s => !s.IsBase))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RepositoriesInOverlay, overlay.NameLocation, overlay.FileName));
        }

        var section = input.Sections.FirstOrDefault(s => s.IsBase);
        if (section is null)
        {
            return RepositoriesGeneration.Empty with { Diagnostics = diagnostics.ToEquatableArray() };
        }

        var path = section.FilePath;
        if (section.Value.Kind != JsonKind.Object)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidRepositoryReference,
                section.Value.Location(path),
                "The 'repositories' section",
                section.Value.Describe(),
                "an object of repository name → " + Shape));
            return RepositoriesGeneration.Empty with { Diagnostics = diagnostics.ToEquatableArray() };
        }

        var byPath = new Dictionary<string, RepositorySource>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            if (!byPath.ContainsKey(source.Path))
            {
                byPath.Add(source.Path, source);
            }
        }

        var entries = new List<RepositoryEntry>();
        foreach (var member in section.Value.Members)
        {
            var name = member.Name;
            var identifier = Names.ToPascalCase(name);
            if (InvalidNameReason(identifier, entries) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRepositoryName, member.NameLocation(path), MessageText.Shorten(name), reason));
                continue;
            }

            var valueLocation = member.Value.Location(path);
            if (member.Value.Kind != JsonKind.String)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.InvalidRepositoryReference, valueLocation, $"The repository '{MessageText.Shorten(name)}'", member.Value.Describe(), Shape));
                continue;
            }

            var reference = member.Value.Text;
            if (!byPath.TryGetValue(reference, out var found))
            {
                var parts = reference.Split('.');
                if (parts.Length < 3 || parts.Any(p => p.Length == 0))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.InvalidRepositoryReference, valueLocation, $"The repository '{MessageText.Shorten(name)}'", member.Value.Describe(), Shape));
                    continue;
                }

                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.RepositoryNotDeclared,
                    valueLocation,
                    MessageText.Shorten(name),
                    MessageText.Shorten(reference),
                    Advice(parts, input, sources)));
                continue;
            }

            if (found.NotARepositoryReason is { } notARepository)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.NotARepository, valueLocation, MessageText.Shorten(name), MessageText.Shorten(reference), notARepository));
                continue;
            }

            entries.Add(new RepositoryEntry(name, identifier, "s_" + Names.ToFieldPart(name), member.NameLineSpan.Start.Line + 1, found));
        }

        return new RepositoriesGeneration(input.Namespace, input.ClassName, section.FileName, entries.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>What to write instead of a reference that names nothing: the first part that is not declared, and its nearest.</summary>
    private static string Advice(string[] parts, RepositoriesInput input, EquatableArray<RepositorySource> sources)
    {
        var kind = parts[0];
        if (!input.Kinds.Contains(kind))
        {
            var nearestKind = Names.Nearest(kind, input.Kinds);
            return nearestKind is not null
                ? $"there is no backend kind '{MessageText.Shorten(kind)}'; did you mean '{nearestKind}.{MessageText.Shorten(string.Join(".", parts.Skip(1)))}'?"
                : input.Kinds.IsEmpty
                    ? "backends.json declares no backend kinds"
                    : $"there is no backend kind '{MessageText.Shorten(kind)}'; the kinds declared are " + string.Join(", ", input.Kinds.Select(k => "'" + k + "'"));
        }

        var connection = kind + "." + parts[1];
        if (!input.Connections.Contains(connection))
        {
            var ofKind = input.Connections.Where(c => c.StartsWith(kind + ".", StringComparison.Ordinal)).ToList();
            var nearestConnection = Names.Nearest(connection, ofKind);
            return nearestConnection is not null
                ? $"there is no connection '{MessageText.Shorten(connection)}'; did you mean '{nearestConnection}.{MessageText.Shorten(string.Join(".", parts.Skip(2)))}'?"
                : $"there is no connection '{MessageText.Shorten(connection)}'; the {kind} connections are " + string.Join(", ", ofKind.Select(c => "'" + c + "'"));
        }

        var declared = sources.Select(s => s.Path).Where(p => p.StartsWith(connection + ".", StringComparison.Ordinal)).ToList();
        if (declared.Count == 0)
        {
            return $"{MessageText.Shorten(connection)} declares no collections or tables; declare one there first";
        }

        var nearest = Names.Nearest(string.Join(".", parts), declared);
        return nearest is not null
            ? $"did you mean '{nearest}'?"
            : $"{MessageText.Shorten(connection)} declares " + string.Join(", ", declared.Select(p => "'" + p + "'"));
    }

    private static string? InvalidNameReason(string identifier, List<RepositoryEntry> earlier)
    {
        if (identifier.Length == 0 || !Names.IsIdentifier(identifier))
        {
            return $"its accessor name '{MessageText.Shorten(identifier)}' is not a C# identifier; use letters, digits, '-', '_' or '.', starting with a letter";
        }

        if (s_reserved.Contains(identifier))
        {
            return $"its accessor {identifier} would take the name of the class or hide a member every class inherits; choose another name";
        }

        return earlier.FirstOrDefault(e => string.Equals(e.Identifier, identifier, StringComparison.OrdinalIgnoreCase)) is { } clash
            ? $"its accessor {identifier} collides with the one of '{MessageText.Shorten(clash.Name)}'; rename one of them"
            : null;
    }
}
