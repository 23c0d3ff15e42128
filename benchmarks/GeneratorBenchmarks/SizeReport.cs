using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GeneratorBenchmarks;

/// <summary>
/// What the timings do not show: how much code each generator writes for the 1,000-connection input, and whether an
/// unrelated C# edit leaves every tracked step Cached or Unchanged. Run with <c>--report</c>.
/// </summary>
internal static class SizeReport
{
    /// <remarks>The generated files are written to <c>BenchmarkDotNet.Artifacts/generated/{baseline,current}/</c> for reading.</remarks>
    public static void Write(int connections)
    {
        var compilation = BenchmarkInputs.CreateCompilation("namespace MyApp; internal static class Program { }");
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace MyApp; internal static class Edited { }", BenchmarkInputs.ParseOptions));
        var config = new InMemoryText("/app/backends.json", BenchmarkInputs.CreateConfig(connections));
        var editedConfig = new InMemoryText("/app/backends.json", BenchmarkInputs.CreateConfig(connections, edited: true));
        long? baseline = null;
        Console.WriteLine($"baseline revision: {Generators.BaselineRevision}");
        Console.WriteLine("| generator | generated characters | per connection | ratio to baseline | unrelated C# edit: step reasons | one value changed: step reasons |");
        Console.WriteLine("|---|---:|---:|---:|---|---|");
        foreach (var which in new[] { Generators.Baseline, Generators.Current })
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [Generators.Create(which).AsSourceGenerator()], [config], BenchmarkInputs.ParseOptions, new BuildProperties("MyApp"),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            var result = driver.GetRunResult().Results.Single();
            long size = result.GeneratedSources.Sum(s => (long)s.SourceText.Length);
            var dump = Path.Combine("BenchmarkDotNet.Artifacts", "generated", which);
            Directory.CreateDirectory(dump);
            foreach (var source in result.GeneratedSources)
            {
                File.WriteAllText(Path.Combine(dump, source.HintName), source.SourceText.ToString());
            }

            baseline ??= size;

            var reasons = Reasons(driver.RunGenerators(edited).GetRunResult().Results.Single());
            var valueReasons = Reasons(driver.ReplaceAdditionalText(config, editedConfig).RunGenerators(compilation).GetRunResult().Results.Single());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {which} | {size:N0} | {size / (double)connections:N0} | {size / (double)baseline:0.00} | {reasons} | {valueReasons} |"));
        }
    }

    private static string Reasons(GeneratorRunResult rerun) => string.Join(", ", rerun.TrackedSteps.Concat(rerun.TrackedOutputSteps)
        .SelectMany(step => step.Value.SelectMany(run => run.Outputs.Select(o => (step.Key, o.Reason))))
        .GroupBy(r => r.Reason).OrderBy(g => g.Key.ToString())
        .Select(g => g.Key is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged
            ? $"{g.Key} {g.Count()}"
            : $"{g.Key} {g.Count()} ({string.Join(", ", g.GroupBy(r => r.Key).Select(k => k.Count() == 1 ? k.Key : $"{k.Key} x{k.Count()}"))})"));
}
