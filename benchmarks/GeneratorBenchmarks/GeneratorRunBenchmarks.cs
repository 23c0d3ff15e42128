using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GeneratorBenchmarks;

/// <summary>
/// The BackendGen generator over a 1,000-connection backends.json (500 MySQL, 500 SQLite): a full run with a new
/// driver (a clean build), and the two incremental cases an IDE meets (an unrelated C# edit, one changed value).
/// Each case runs today's generator and the baseline one (built from an earlier revision by <c>baseline.sh</c>) in the
/// same process and the same run, so that their ratio is measured under the same load.
/// </summary>
/// <remarks>Min and median are reported because the machine is shared: they move least when other work runs.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class GeneratorRunBenchmarks
{
    private const string BackendsPath = "/app/backends.json";

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _editedCompilation = null!;
    private InMemoryText _config = null!;
    private InMemoryText _editedConfig = null!;
    private GeneratorDriver _warmDriver = null!;

    [Params(10, 100, 1000)]
    public int Connections { get; set; }

    [ParamsSource(nameof(GeneratorChoices))]
    public string Generator { get; set; } = Generators.Current;

    /// <summary>
    /// Both generators, interleaved in one run; the smoke run of the test command (BACKENDS_BENCH_SMOKE=1, where no
    /// baseline has been built) checks the current one only.
    /// </summary>
    public static IEnumerable<string> GeneratorChoices =>
        Environment.GetEnvironmentVariable("BACKENDS_BENCH_SMOKE") == "1" ? [Generators.Current] : [Generators.Baseline, Generators.Current];

    [GlobalSetup]
    public void Setup()
    {
        _compilation = BenchmarkInputs.CreateCompilation("namespace MyApp; internal static class Program { }");
        _editedCompilation = _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace MyApp; internal static class Edited { }", BenchmarkInputs.ParseOptions));
        _config = new InMemoryText(BackendsPath, BenchmarkInputs.CreateConfig(Connections));
        _editedConfig = new InMemoryText(BackendsPath, BenchmarkInputs.CreateConfig(Connections, edited: true));

        // Refuse to measure a run that does not do the whole job.
        var result = CreateDriver(_config).RunGenerators(_compilation).GetRunResult().Results.Single();
        var code = result.GeneratedSources.Single(s => s.HintName == "Db.g.cs").SourceText.ToString();
        var accessors = code.Split('\n').Count(line => line.TrimStart().StartsWith("public const string ", StringComparison.Ordinal));
        if (result.Exception is not null || !result.Diagnostics.IsEmpty || accessors != Connections)
        {
            throw new InvalidOperationException(
                $"The {Generator} generator's run is not complete: {accessors} accessors, {result.Diagnostics.Length} diagnostics " +
                $"({string.Join("; ", result.Diagnostics.Take(3))}), {result.Exception}");
        }

        _warmDriver = CreateDriver(_config).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "Full run (new driver)")]
    public GeneratorDriverRunResult FullRun() => CreateDriver(_config).RunGenerators(_compilation).GetRunResult();

    [Benchmark(Description = "Incremental: unrelated C# edit")]
    public GeneratorDriverRunResult UnrelatedEdit() => _warmDriver.RunGenerators(_editedCompilation).GetRunResult();

    [Benchmark(Description = "Incremental: one value changed")]
    public GeneratorDriverRunResult ConfigEdit() => _warmDriver.ReplaceAdditionalText(_config, _editedConfig).RunGenerators(_compilation).GetRunResult();

    private CSharpGeneratorDriver CreateDriver(AdditionalText config) =>
        CSharpGeneratorDriver.Create(
            [Generators.Create(Generator).AsSourceGenerator()],
            [config],
            BenchmarkInputs.ParseOptions,
            new BuildProperties("MyApp"));
}
