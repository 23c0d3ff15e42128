using System.Text.RegularExpressions;

namespace GeneratorTests;

/// <summary>
/// The generator's folders are layers that point one way: foundation (Model, Diagnostics, Naming) → read (Json, Parsing)
/// → bind (Binding) → emit (Emit) → feature modules (Features/*) and analyzers → the pipeline wiring (the root folder).
/// These tests read the generator's sources from the repository and fail on any reference that points back up, and on
/// any reference to a feature module from anywhere but the pipeline wiring (docs/generator-internals.md).
/// </summary>
public sealed partial class LayeringTests
{
    private const string Root = "Backends.Generator";

    /// <summary>Each top folder's layer; a file may refer only to its own layer or lower ones.</summary>
    private static readonly Dictionary<string, int> s_layers = new(StringComparer.Ordinal)
    {
        ["Model"] = 0,
        ["Diagnostics"] = 0,
        ["Naming"] = 0,
        ["Json"] = 1,
        ["Parsing"] = 1,
        ["Binding"] = 2,
        ["Emit"] = 3,
        ["Analyzers"] = 4,
        ["Features"] = 4,
        [""] = 5, // BackendsGenerator.cs, TrackingNames.cs: the pipeline wiring
    };

    /// <summary>
    /// The folder under Features/ that is not a module but what the declared-data modules share (reading declared data,
    /// walking a POCO's members, binding and emitting handles): every module may use it; the core may not (a back edge).
    /// </summary>
    private const string SharedKit = "DeclaredData";

    private static readonly string[] s_layerNames = ["foundation", "read", "bind", "emit", "feature/analyzer", "pipeline"];

    [Fact]
    public void No_folder_of_the_generator_refers_to_a_higher_layer()
    {
        var sources = GeneratorSources();

        Assert.True(sources.Count > 30, $"expected the generator's sources, found {sources.Count} files");
        Assert.Empty(BackEdges(sources));
    }

    [Fact]
    public void Feature_modules_are_referred_to_only_by_the_pipeline_wiring()
    {
        var sources = GeneratorSources();

        Assert.Contains(sources, s => s.Path.StartsWith("Features/MongoDb/", StringComparison.Ordinal));
        Assert.Empty(FeatureReferences(sources));
    }

    [Fact]
    public void The_checks_see_a_back_edge_and_a_reference_to_a_feature()
    {
        // The rules themselves must be able to fail: a foundation file that uses the emitters, a relative reference from
        // the read layer to the bind layer, a core file naming a feature's type, one feature using another, and the core
        // using the modules' shared kit (which a module may use).
        List<(string Path, string Text)> sources =
        [
            ("Model/Bad.cs", "using Backends.Generator.Emit;\nnamespace Backends.Generator.Model;\n"),
            ("Parsing/Bad.cs", "namespace Backends.Generator.Parsing;\nclass C { int X => Binding.ModelBuilder.Count; }\n"),
            ("Emit/Bad.cs", "namespace Backends.Generator.Emit;\nclass D { object Y => MongoPipeline.Kind; }\n"),
            ("Features/MongoDb/MongoPipeline.cs", "namespace Backends.Generator.Features.MongoDb;\ninternal static class MongoPipeline { }\n"),
            ("Features/DynamoDb/Bad.cs", "using Backends.Generator.Features.MongoDb;\nnamespace Backends.Generator.Features.DynamoDb;\n"),
            ("BackendsGenerator.cs", "using Backends.Generator.Features.MongoDb;\nnamespace Backends.Generator;\n"),
            ("Features/DeclaredData/DeclaredDataReader.cs", "namespace Backends.Generator.Features.DeclaredData;\ninternal static class DeclaredDataReader { }\n"),
            ("Features/MongoDb/Good.cs", "using Backends.Generator.Features.DeclaredData;\nnamespace Backends.Generator.Features.MongoDb;\n"),
            ("Binding/Bad.cs", "using Backends.Generator.Features.DeclaredData;\nnamespace Backends.Generator.Binding;\n"),
        ];

        Assert.Equal(3, BackEdges(sources).Count);
        var features = FeatureReferences(sources);
        Assert.Equal(2, features.Count);
        Assert.Contains(features, f => f.StartsWith("Emit/Bad.cs", StringComparison.Ordinal));
        Assert.Contains(features, f => f.StartsWith("Features/DynamoDb/Bad.cs", StringComparison.Ordinal));
    }

    /// <summary>Every reference from a file to a folder of a higher layer, as "file → folder".</summary>
    private static List<string> BackEdges(IReadOnlyList<(string Path, string Text)> sources)
    {
        var problems = new List<string>();
        foreach (var (path, text) in sources)
        {
            var from = LayerOf(TopFolder(path));
            foreach (var folder in ReferencedFolders(text))
            {
                var to = LayerOf(folder);
                if (to > from)
                {
                    problems.Add($"{path} ({s_layerNames[from]}) → {folder} ({s_layerNames[to]})");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Every reference to a feature module from outside the pipeline wiring: a using or qualified name of its namespace
    /// or the name of a type it declares, from the core or from another feature module.
    /// </summary>
    private static List<string> FeatureReferences(IReadOnlyList<(string Path, string Text)> sources)
    {
        var problems = new List<string>();
        var features = sources.Where(s => TopFolder(s.Path) == "Features" && FeatureOf(s.Path) != SharedKit).GroupBy(s => FeatureOf(s.Path)).ToList();
        foreach (var feature in features)
        {
            var types = feature.SelectMany(s => DeclaredType().Matches(s.Text).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
            var namespaceReference = new Regex(@"(?<![\w.])(Backends\.Generator\.)?Features\." + Regex.Escape(feature.Key) + @"\b");
            foreach (var (path, text) in sources)
            {
                var folder = TopFolder(path);
                if (folder.Length == 0 || (folder == "Features" && FeatureOf(path) == feature.Key))
                {
                    continue; // the pipeline wiring plugs the module in; the module refers to itself
                }

                if (namespaceReference.IsMatch(text))
                {
                    problems.Add($"{path} → Features/{feature.Key}");
                }

                foreach (var type in types.Where(t => Regex.IsMatch(text, @"(?<![\w.])" + t + @"\b")))
                {
                    problems.Add($"{path} → Features/{feature.Key} ({type})");
                }
            }
        }

        return problems;
    }

    /// <summary>The generator's folders a source refers to: by using directive or by a (relatively) qualified name.</summary>
    private static IEnumerable<string> ReferencedFolders(string text) =>
        NamespaceReference().Matches(text)
            .Select(m => m.Groups["folder"].Value)
            .Where(s_layers.ContainsKey)
            .Distinct(StringComparer.Ordinal);

    private static int LayerOf(string folder) =>
        s_layers.TryGetValue(folder, out var layer) ? layer : throw new InvalidOperationException($"The folder '{folder}' has no layer: add it to the map and to docs/generator-internals.md.");

    private static string TopFolder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.IndexOf('/', StringComparison.Ordinal)] : "";

    private static string FeatureOf(string path) => path.Split('/')[1];

    /// <summary>The generator's .cs files, with paths relative to its project folder and '/' separators.</summary>
    private static List<(string Path, string Text)> GeneratorSources()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BackendGen.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var project = Path.Combine(directory.FullName, "src", Root);
        return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(Path.Combine(project, p))))
            .ToList();
    }

    // A reference to one of the generator's folders: "Backends.Generator.Emit" anywhere, or "Emit.X" not after a dot
    // (a name relative to the enclosing Backends.Generator namespace, such as Validation.Names.Nearest).
    [GeneratedRegex(@"(?:\bBackends\.Generator\.|(?<![\w.]))(?<folder>[A-Z]\w*)(?=\.[A-Z]|;)")]
    private static partial Regex NamespaceReference();

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex DeclaredType();
}
