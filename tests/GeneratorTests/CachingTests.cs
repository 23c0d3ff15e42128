using System.Reflection;
using Backends.Generator;
using Backends.Generator.Emit;
using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GeneratorTests;

/// <summary>
/// The pipeline caches: an unrelated C# edit reruns nothing downstream, editing a backends file regenerates, a
/// cloned compilation gives the same output, and no step's model holds a symbol, syntax or compilation.
/// </summary>
public sealed class CachingTests
{
    private const string BaseJson = """
        {
          "mysql": { "demo": { "hosts": ["127.0.0.1:3306"], "database": "demo", "pool": { "max": 20 } } },
          "sqlite": { "local": { "path": "app.db" } }
        }
        """;

    private const string OverlayJson = """{ "mysql": { "demo": { "database": "demo_prod" } } }""";

    private static readonly IncrementalStepRunReason[] s_unchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    /// <summary>Every tracked step name the generator declares, read from TrackingNames so a new step cannot be forgotten.</summary>
    public static TheoryData<string> StepNames => [.. AllStepNames()];

    [Fact]
    public void An_unrelated_CSharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter);
        var driver = CreateDriver().RunGenerators(compilation);

        driver = driver.RunGenerators(IncrementalRuns.WithUnrelatedEdit(compilation));
        var result = driver.GetRunResult().Results.Single();

        foreach (var name in AllStepNames())
        {
            var steps = Assert.Contains(name, (IDictionary<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>>)result.TrackedSteps);
            Assert.All(steps.SelectMany(s => s.Outputs), output => Assert.Contains(output.Reason, s_unchanged));
        }

        // The adapter step did run again (the compilation changed) and found its output equal: that is the point.
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(result.TrackedSteps[TrackingNames.Adapters]).Outputs.Single().Reason);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_one_connection_regenerates_the_output()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program);
        var baseFile = new InMemoryAdditionalText("/app/backends.json", BaseJson);
        var overlay = new InMemoryAdditionalText("/app/backends.Production.json", OverlayJson);
        var driver = GeneratorHarness.CreateDriver([baseFile, overlay]).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "Db.g.cs").SourceText.ToString();

        var edited = new InMemoryAdditionalText(baseFile.Path, BaseJson.Replace("\"max\": 20", "\"max\": 40", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(baseFile, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var files = result.TrackedSteps[TrackingNames.ConfigFiles].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(files, f => f.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(files, f => f.Reason == IncrementalStepRunReason.Cached);
        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Model].Single().Outputs.Single().Reason);
        // The output that writes Db.g.cs runs again (any other output may find its own input unchanged).
        Assert.Contains(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);

        var after = result.GeneratedSources.Single(s => s.HintName == "Db.g.cs").SourceText.ToString();
        Assert.Contains("s.Pool.Max = 20;", before, StringComparison.Ordinal);
        Assert.Contains("s.Pool.Max = 40;", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_one_connection_rewrites_only_that_connections_code()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program);
        var baseFile = new InMemoryAdditionalText("/app/backends.json", BaseJson);
        var driver = GeneratorHarness.CreateDriver([baseFile]).RunGenerators(compilation);

        var edited = new InMemoryAdditionalText(baseFile.Path, BaseJson.Replace("\"max\": 20", "\"max\": 40", StringComparison.Ordinal));
        var result = driver.ReplaceAdditionalText(baseFile, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        // Two connections: mysql.demo changed and is written again; sqlite.local is not.
        var pieces = result.TrackedSteps[TrackingNames.ConnectionCode].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, pieces.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, pieces[0].Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, pieces[1].Reason);
        Assert.Contains("s.Pool.Max = 40;", ((ConnectionCode)pieces[0].Value).Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_a_file_with_the_same_content_changes_nothing_downstream()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program);
        var baseFile = new InMemoryAdditionalText("/app/backends.json", BaseJson);
        var driver = GeneratorHarness.CreateDriver([baseFile]).RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(baseFile, new InMemoryAdditionalText(baseFile.Path, BaseJson)).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Unchanged, result.TrackedSteps[TrackingNames.ConfigFiles].Single().Outputs.Single().Reason);
        Assert.Contains(result.TrackedSteps[TrackingNames.Model].Single().Outputs.Single().Reason, s_unchanged);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Changing_an_MSBuild_property_regenerates_the_output()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program);
        var driver = CreateDriver().RunGenerators(compilation);

        driver = driver.WithUpdatedAnalyzerConfigOptions(new TestOptionsProvider(new Dictionary<string, string> { ["RootNamespace"] = "Other" })).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Options].Single().Outputs.Single().Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, result.TrackedSteps[TrackingNames.Model].Single().Outputs.Single().Reason);
        Assert.Contains("namespace Other;", result.GeneratedSources.Single(s => s.HintName == "Db.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rerun_on_a_cloned_compilation_gives_equal_outputs()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter);
        var driver = CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();

        var clone = compilation.Clone();
        var rerun = driver.RunGenerators(clone).GetRunResult().Results.Single();
        var fresh = CreateDriver().RunGenerators(clone).GetRunResult().Results.Single();

        Assert.NotEmpty(first.GeneratedSources);
        foreach (var other in new[] { rerun, fresh })
        {
            Assert.Equal(
                first.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
                other.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
            Assert.Equal(first.Diagnostics.Select(GeneratorRun.Describe), other.Diagnostics.Select(GeneratorRun.Describe));
        }

        // Roslyn's own input step sees a new compilation; every step of ours after it is cached or unchanged.
        Assert.Contains(rerun.TrackedSteps["Compilation"].SelectMany(s => s.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.All(AllStepNames().SelectMany(name => rerun.TrackedSteps[name]).SelectMany(s => s.Outputs), output => Assert.Contains(output.Reason, s_unchanged));
        // The models of two independent runs are structurally equal, all the way down.
        Assert.Equal(ModelOf(first), ModelOf(fresh));
    }

    [Theory]
    [MemberData(nameof(StepNames))]
    public void No_step_output_holds_a_symbol_syntax_compilation_location_or_diagnostic(string stepName)
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter, TestSources.InvalidAdapter);
        var files = new AdditionalText[]
        {
            new InMemoryAdditionalText("/app/backends.json", BaseJson.Replace("\"sqlite\"", "\"custom\": { \"a\": { \"endpoint\": \"e\", \"token\": \"literal\", \"bogus\": 1 } }, \"sqlite\"", StringComparison.Ordinal)),
            new InMemoryAdditionalText("/app/backends.Production.json", OverlayJson),
            new InMemoryAdditionalText("/app/backends.Broken.json", "{ \"mysql\": "),
        };
        var result = GeneratorHarness.CreateDriver(files).RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.NotEmpty(result.Diagnostics);

        var outputs = result.TrackedSteps[stepName].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(outputs);
        Assert.Empty(ModelWalker.FindForbidden(outputs, stepName));
    }

    [Fact]
    public void The_model_walker_finds_what_it_looks_for()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program);
        var tainted = new { Name = "x", Nested = new object[] { Location.None, new[] { compilation.GetTypeByMetadataName("MyApp.Program") } } };

        var found = ModelWalker.FindForbidden(tainted, "model");

        Assert.Equal(2, found.Count);
        Assert.Contains(found, f => f.Contains("Location", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("ISymbol", StringComparison.Ordinal));
    }

    private static GeneratorDriver CreateDriver() =>
        GeneratorHarness.CreateDriver(
        [
            new InMemoryAdditionalText("/app/backends.json", BaseJson.Replace("\"sqlite\"", "\"custom\": { \"a\": { \"endpoint\": \"e\" } }, \"sqlite\"", StringComparison.Ordinal)),
            new InMemoryAdditionalText("/app/backends.Production.json", OverlayJson),
        ]);

    private static object? ModelOf(GeneratorRunResult result) => result.TrackedSteps[TrackingNames.Model].Single().Outputs.Single().Value;

    private static IEnumerable<string> AllStepNames() =>
        typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
}
