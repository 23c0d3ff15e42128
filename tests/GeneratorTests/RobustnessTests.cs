using GeneratorTests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorTests;

/// <summary>
/// No input makes the generator throw: every case of a deterministic corpus of over a thousand broken files runs
/// through the real driver, and each must end in diagnostics with valid locations or in code that compiles.
/// </summary>
public sealed class RobustnessTests
{
    private const string BasePath = "/fuzz/backends.json";
    private const string OverlayPath = "/fuzz/backends.Fuzz.json";

    [Fact]
    public void The_corpus_is_large_and_deterministic()
    {
        var first = FuzzCorpus.Create(seed: 1122).Select(c => (c.Name, c.Text, c.Overlay)).ToList();
        var second = FuzzCorpus.Create(seed: 1122).Select(c => (c.Name, c.Text, c.Overlay)).ToList();

        Assert.True(first.Count >= 1_000, $"only {first.Count} cases");
        Assert.Equal(first, second);
        Assert.Contains(first, c => c.Text.Length > 10 * 1024 * 1024);
        Assert.Contains(first, c => c.Text.StartsWith(new string('[', 100_000), StringComparison.Ordinal));
    }

    [Fact]
    public void No_input_makes_the_generator_throw_and_every_diagnostic_is_located_in_its_file()
    {
        var compilation = GeneratorHarness.CreateCompilation(TestSources.Program, TestSources.CustomAdapter);
        var failures = new List<string>();
        var cases = 0;
        foreach (var fuzz in FuzzCorpus.Create(seed: 1122))
        {
            cases++;
            try
            {
                var problem = Check(compilation, fuzz);
                if (problem is not null)
                {
                    failures.Add($"{fuzz.Name}: {problem}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{fuzz.Name}: the test itself threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(cases >= 1_000);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(30)));
    }

    private static string? Check(Compilation compilation, FuzzCase fuzz)
    {
        var files = new List<(string Path, string Content)> { (BasePath, fuzz.Text) };
        if (fuzz.Overlay is not null)
        {
            files.Add((OverlayPath, fuzz.Overlay));
        }

        var run = GeneratorHarness.Run(files, compilation: compilation);
        if (run.Exception is not null)
        {
            return "the generator threw " + run.Exception;
        }

        if (run.Result.Diagnostics.Any(d => d.Id == "CS8785") || run.Diagnostics.Any(d => d.Id == "BG0018"))
        {
            return "generator failure: " + string.Join("; ", run.Result.Diagnostics.Select(GeneratorRun.Describe));
        }

        foreach (var diagnostic in run.Diagnostics)
        {
            if (LocationProblem(diagnostic, files) is { } problem)
            {
                return problem;
            }
        }

        if (fuzz.ExpectedId is { } expected && !run.Diagnostics.Any(d => d.Id == expected))
        {
            return $"expected {expected}, got: {string.Join("; ", run.Diagnostics.Select(GeneratorRun.Describe))}";
        }

        var sources = run.Sources;
        if (sources.Count == 0)
        {
            // Nothing generated must always be explained by an error.
            return run.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : "no code and no error";
        }

        // Whatever the generator accepted (skipping what it reported) must compile cleanly.
        var problems = run.CompilationProblems;
        return problems.Count == 0 ? null : "generated code does not compile: " + string.Join("; ", problems.Take(3));
    }

    private static string? LocationProblem(Diagnostic diagnostic, List<(string Path, string Content)> files)
    {
        var location = diagnostic.Location;
        if (location.Kind != LocationKind.ExternalFile)
        {
            return $"{diagnostic.Id} has no location in a backends file";
        }

        var span = location.GetLineSpan();
        var file = files.FirstOrDefault(f => f.Path == span.Path);
        if (file.Path is null)
        {
            return $"{diagnostic.Id} points at unknown file {span.Path}";
        }

        var text = SourceText.From(file.Content);
        if (location.SourceSpan.End > text.Length)
        {
            return $"{diagnostic.Id} span {location.SourceSpan} is past the end ({text.Length})";
        }

        var expected = text.Lines.GetLinePositionSpan(location.SourceSpan);
        return expected == span.Span ? null : $"{diagnostic.Id} line span {span.Span} does not match its text span {location.SourceSpan} ({expected})";
    }

    [Fact]
    public void Cancellation_is_honoured_not_reported()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var driver = GeneratorHarness.CreateDriver([new InMemoryAdditionalText(BasePath, """{ "sqlite": { "a": { "path": "a.db" } } }""")]);

        Assert.ThrowsAny<OperationCanceledException>(() => driver.RunGenerators(GeneratorHarness.CreateCompilation(TestSources.Program), cancelled.Token));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_reported()
    {
        var run = GeneratorHarness.Run([new UnreadableAdditionalText(BasePath)]);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("BG0001", diagnostic.Id);
        Assert.Equal("Malformed JSON: the file could not be read: check that it exists and is readable", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Generated_trees_parse_without_errors_for_many_connections()
    {
        var json = "{\"sqlite\":{" + string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"c-{i}\":{{\"path\":\"{i}.db\"}}")) + "}}";
        var run = GeneratorHarness.Run(json);

        Assert.Empty(run.Diagnostics);
        Assert.All(run.Sources.Values, source => Assert.Empty(CSharpSyntaxTree.ParseText(source).GetDiagnostics()));
        Assert.Empty(run.CompilationProblems);
    }
}
