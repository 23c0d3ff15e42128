using System.Text.RegularExpressions;

namespace Backends.Runtime.Tests.Docs;

/// <summary>
/// docs/telemetry.md names every activity source, meter, span, metric and tag the code emits: the names are read
/// from the source of everything that ships (src/, but the generator, which emits no telemetry), so a new name without
/// documentation fails here.
/// </summary>
public sealed partial class TelemetryDocsTests
{
    [Fact]
    public void Every_name_emitted_in_code_is_in_docs_telemetry_md()
    {
        var documented = Backticked().Matches(File.ReadAllText(RepositoryFiles.PathOf("docs/telemetry.md")))
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        var missing = EmittedNames().Where(n => !documented.Contains(n.Name)).Select(n => $"{n.Name} ({n.Where})").ToList();

        Assert.True(missing.Count == 0, "docs/telemetry.md does not name (in backticks): " + string.Join(", ", missing));
    }

    [Fact]
    public void The_scan_finds_the_names_the_design_fixes()
    {
        var names = EmittedNames().Select(n => n.Name).ToHashSet(StringComparer.Ordinal);

        // If the scan stopped seeing these, the test above would pass for nothing.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                BackendsTelemetry.Name, "MySqlConnector", "MongoDB.Driver",
                "backends.configure", "backends.ping", "backends.close", "backends.store.write_batch",
                "backends.connection.state", "backends.configure.duration", "backends.configure.attempts", "backends.errors",
                "backends.store.pending", "backends.store.writes", "backends.store.write_failures",
                "backends.connection", "backends.kind", "backends.outcome", "error.type", "store", "operation", "reason",
            },
            names);
    }

    /// <summary>Every telemetry name in src/ with the file that emits it.</summary>
    private static List<(string Name, string Where)> EmittedNames()
    {
        var names = new List<(string, string)>();
        var files = Directory.GetFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Backends.Generator{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var source = File.ReadAllText(file);
            var where = RepositoryFiles.Relative(file);
            void Add(Regex pattern)
            {
                foreach (Match match in pattern.Matches(source))
                {
                    names.Add((match.Groups[1].Value, where));
                }
            }

            Add(PrefixedLiteral());   // span, metric and tag names: "backends.configure", "backends.store.batch_size", ...
            Add(StartActivity());     // span names however written
            Add(CreateInstrument());  // metric names however written
            Add(SetTag());            // span tags: "error.type", ...
            foreach (var line in source.Split('\n').Where(l => l.Contains("Telemetry.", StringComparison.Ordinal) || l.Contains("Tag =>", StringComparison.Ordinal)))
            {
                foreach (Match match in MeasurementTag().Matches(line))
                {
                    names.Add((match.Groups[1].Value, where)); // metric tags: new("operation", "set"), ...
                }
            }

            Add(SourceOrMeterName());
            foreach (Match list in AdapterNames().Matches(source))
            {
                foreach (Match name in Quoted().Matches(list.Groups[1].Value))
                {
                    names.Add((name.Groups[1].Value, where)); // driver sources and meters an adapter declares
                }
            }
        }

        return names;
    }

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"""(backends\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)""")]
    private static partial Regex PrefixedLiteral();

    [GeneratedRegex(@"StartActivity\(\s*""([^""]+)""")]
    private static partial Regex StartActivity();

    [GeneratedRegex(@"Meter\s*\.\s*Create\w*(?:<[^>]+>)?\(\s*""([^""]+)""")]
    private static partial Regex CreateInstrument();

    [GeneratedRegex(@"SetTag\(\s*""([^""]+)""")]
    private static partial Regex SetTag();

    [GeneratedRegex(@"new\(\s*""([a-z][a-z0-9_.]*)""\s*,")]
    private static partial Regex MeasurementTag();

    [GeneratedRegex(@"const string Name = ""([^""]+)"";")]
    private static partial Regex SourceOrMeterName();

    [GeneratedRegex(@"(?:ActivitySourceNames|MeterNames)\s*=\s*(?:new\s*(?:string)?\[\]\s*)?[\{\[]([^\}\]]*)[\}\]]")]
    private static partial Regex AdapterNames();

    [GeneratedRegex(@"""([^""]+)""")]
    private static partial Regex Quoted();
}
