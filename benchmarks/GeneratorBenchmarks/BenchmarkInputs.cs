using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorBenchmarks;

/// <summary>The inputs of a generator run: a compilation like an application's, and a large backends.json.</summary>
internal static class BenchmarkInputs
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A compilation referencing the framework, the runtime and the MySQL and SQLite adapters.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat([
                typeof(Backends.Runtime.BackendSettings).Assembly.Location,
                typeof(Backends.MySql.MySqlBackend).Assembly.Location,
                typeof(Backends.Sqlite.SqliteBackend).Assembly.Location,
            ])
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !Path.GetFileName(p).StartsWith("Backends.Generator", StringComparison.Ordinal))
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => MetadataReference.CreateFromFile(g.First()));
        var compilation = CSharpCompilation.Create(
            "BenchmarkApp",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        // Bind the references once, as a compiler has long done before generators run.
        _ = compilation.SourceModule.ReferencedAssemblySymbols;
        return compilation;
    }

    /// <summary>
    /// A backends.json with <paramref name="count"/> connections, alternating MySQL (hosts, database, user, secret
    /// reference, pool, TLS, timeouts, options) and SQLite (path, mode, busy timeout). With <paramref name="edited"/>,
    /// the first connection's pool maximum is 60 instead of 50: one value changed, as an edit in an IDE changes one.
    /// </summary>
    public static string CreateConfig(int count, bool edited = false)
    {
        var mysql = new StringBuilder();
        var sqlite = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var poolMax = edited && i == 0 ? 60 : 50;
            if (i % 2 == 0)
            {
                mysql.Append(CultureInfo.InvariantCulture, $$"""
                        "orders-{{n}}": {
                          "hosts": ["db{{n}}a.internal:3306", "db{{n}}b.internal:3306"],
                          "database": "orders_{{n}}",
                          "username": "app",
                          "password": "${env:ORDERS_{{n}}_PASSWORD}",
                          "pool": { "min": 2, "max": {{poolMax}} },
                          "sslMode": "Required",
                          "commandTimeout": "45s",
                          "options": { "DefaultCommandTimeout": 60, "AllowUserVariables": true }
                        },

                    """);
            }
            else
            {
                sqlite.Append(CultureInfo.InvariantCulture, $$"""
                        "cache-{{n}}": { "path": "data/cache-{{n}}.db", "mode": "ReadWriteCreate", "busyTimeout": "2s" },

                    """);
            }
        }

        return "{\n  \"mysql\": {\n" + mysql + "  },\n  \"sqlite\": {\n" + sqlite + "  }\n}\n";
    }
}

/// <summary>A backends file held in memory.</summary>
internal sealed class InMemoryText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>The MSBuild properties the generator reads.</summary>
internal sealed class BuildProperties(string rootNamespace) : AnalyzerConfigOptionsProvider
{
    private static readonly Options s_empty = new(ImmutableDictionary<string, string>.Empty);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ImmutableDictionary<string, string>.Empty.Add("build_property.RootNamespace", rootNamespace));

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_empty;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
