using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GeneratorTests.Infrastructure;

/// <summary>The edits and checks the caching tests of every pipeline share.</summary>
internal static class IncrementalRuns
{
    private static readonly IncrementalStepRunReason[] s_unchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    /// <summary>Asserts that each of <paramref name="steps"/> produced something and holds no symbol, syntax or compilation.</summary>
    public static void AssertEquatableModels(GeneratorRunResult run, IEnumerable<string> steps)
    {
        foreach (var step in steps)
        {
            var outputs = run.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
            Assert.NotEmpty(outputs);
            Assert.Empty(ModelWalker.FindForbidden(outputs, step));
        }
    }

    /// <summary>The compilation with one more file that nothing refers to.</summary>
    public static Compilation WithUnrelatedEdit(Compilation compilation) =>
        compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace MyApp; internal static class Unrelated { }", GeneratorHarness.ParseOptions));

    /// <summary>Asserts that every output of <paramref name="steps"/> was cached or recomputed equal.</summary>
    public static void AssertUnchanged(GeneratorRunResult run, IEnumerable<string> steps) =>
        Assert.All(steps.SelectMany(name => run.TrackedSteps[name]).SelectMany(s => s.Outputs), output => Assert.Contains(output.Reason, s_unchanged));

    /// <summary>
    /// The compilation with <paramref name="find"/> replaced by <paramref name="replacement"/> in the one file that
    /// contains <paramref name="fileMarker"/> (<c>"class User"</c>).
    /// </summary>
    public static Compilation WithEdit(Compilation compilation, string fileMarker, string find, string replacement)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.ToString().Contains(fileMarker, StringComparison.Ordinal));
        var text = tree.ToString();
        Assert.Contains(find, text, StringComparison.Ordinal);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text.Replace(find, replacement, StringComparison.Ordinal))));
    }

    /// <summary>The reason of the single output of <paramref name="step"/>.</summary>
    public static IncrementalStepRunReason ReasonOf(GeneratorRunResult run, string step) => run.TrackedSteps[step].Single().Outputs.Single().Reason;
}
