using System.Collections.Immutable;
using Backends.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GeneratorTests.Infrastructure;

/// <summary>
/// Runs the generator the way the compiler does, in memory: a compilation referencing the runtime, the MySQL and
/// SQLite adapters and the framework, backends files as AdditionalFiles, and MSBuild properties as options.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>The trusted platform assemblies (framework and the test's own dependencies, which include the adapters).</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(References, sources);

    public static CSharpCompilation CreateCompilation(IEnumerable<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "TestApp",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                // As the SDK does: assembly version unification notes are not warnings about our code.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            [new BackendsGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new TestOptionsProvider(properties ?? new Dictionary<string, string> { ["RootNamespace"] = "MyApp" }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="files"/> (path → content).</summary>
    public static GeneratorRun Run(IEnumerable<(string Path, string Content)> files, IReadOnlyDictionary<string, string>? properties = null, Compilation? compilation = null)
    {
        var texts = files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Content)).ToList();
        return Run(texts, properties, compilation);
    }

    public static GeneratorRun Run(IReadOnlyList<AdditionalText> files, IReadOnlyDictionary<string, string>? properties = null, Compilation? compilation = null)
    {
        compilation ??= CreateCompilation(TestSources.Program);
        var driver = CreateDriver(files, properties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), output, files);
    }

    /// <summary>Runs the generator over one <c>backends.json</c>.</summary>
    public static GeneratorRun Run(string backendsJson, IReadOnlyDictionary<string, string>? properties = null) =>
        Run([("/app/backends.json", backendsJson)], properties);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([
                typeof(Backends.Runtime.BackendSettings).Assembly.Location,
                typeof(Backends.Hosting.BackendStartupService).Assembly.Location,
                typeof(Backends.MySql.MySqlBackend).Assembly.Location,
                typeof(Backends.Sqlite.SqliteBackend).Assembly.Location,
            ])
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            // Roslyn itself and the generator are not what an application references.
            .Where(p => !Path.GetFileName(p).StartsWith("Backends.Generator", StringComparison.Ordinal))
            // The MongoDB adapter is added only by the tests that use it (MongoHarness), so "mongodb" stays unreferenced here.
            .Where(p => !MongoHarness.IsMongoAssembly(p))
            // The memcached adapter is referenced for the schema tests only (SchemaCatalogue), so "memcached" stays unreferenced here too.
            .Where(p => !Path.GetFileName(p).StartsWith("Backends.Memcached", StringComparison.Ordinal))
            // So is the DynamoDB adapter with the AWS SDK (SchemaCatalogue, for the "dynamodb" section's schema).
            .Where(p => !Path.GetFileName(p).StartsWith("Backends.DynamoDb", StringComparison.Ordinal)
                && !Path.GetFileName(p).StartsWith("AWSSDK.", StringComparison.Ordinal));
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}

/// <summary>The result of one generator run.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation OutputCompilation, IReadOnlyList<AdditionalText> Files)
{
    public GeneratorRunResult Generator => Result.Results.Single();

    public ImmutableArray<Diagnostic> Diagnostics => Generator.Diagnostics;

    /// <summary>Generated files by hint name, LF line endings.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Generator.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    public Exception? Exception => Generator.Exception;

    /// <summary>Every warning and error of the compilation with the generated files added.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        [.. OutputCompilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>The generator's diagnostics as text, one a line: id, severity, file(line,col)-(line,col), message.</summary>
    public string DiagnosticsText => string.Join("\n", Diagnostics
        .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
        .ThenBy(d => d.Location.SourceSpan.Start)
        .ThenBy(d => d.Id, StringComparer.Ordinal)
        .Select(Describe)) + "\n";

    public static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = diagnostic.Location == Location.None
            ? "(no location)"
            : $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})-({span.EndLinePosition.Line + 1},{span.EndLinePosition.Character + 1})";
        return $"{diagnostic.Id} {diagnostic.Severity} {where}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
