using System.Reflection;
using Backends.Generator;
using Microsoft.CodeAnalysis;

namespace GeneratorBenchmarks;

/// <summary>
/// The generators a run compares: today's (the project reference) and a baseline built from an earlier revision by
/// <c>baseline.sh</c> into <c>baseline/Backends.Generator.Baseline.dll</c>, loaded beside it.
/// </summary>
internal static class Generators
{
    public const string Current = "current";
    public const string Baseline = "baseline";

    private static readonly Lazy<Type> s_baseline = new(LoadBaseline);

    /// <summary>A new generator instance of <paramref name="which"/>.</summary>
    public static IIncrementalGenerator Create(string which) => which switch
    {
        Current => new BackendsGenerator(),
        Baseline => (IIncrementalGenerator)Activator.CreateInstance(s_baseline.Value)!,
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, "current or baseline"),
    };

    /// <summary>The revision the baseline was built from (written by baseline.sh).</summary>
    public static string BaselineRevision =>
        File.Exists(Path.Combine(BaselineDirectory, "REVISION")) ? File.ReadAllText(Path.Combine(BaselineDirectory, "REVISION")).Trim() : "(none)";

    private static string BaselineDirectory => Path.Combine(FindProjectDirectory(), "baseline");

    private static Type LoadBaseline()
    {
        var path = Path.Combine(BaselineDirectory, "Backends.Generator.Baseline.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No baseline generator at {path}: run benchmarks/GeneratorBenchmarks/baseline.sh <git-rev> first.", path);
        }

        // Its reference to Microsoft.CodeAnalysis 4.8 binds to the newer Roslyn this process already loaded.
        return Assembly.LoadFrom(path).GetType("Backends.Generator.BackendsGenerator", throwOnError: true)!;
    }

    private static string FindProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GeneratorBenchmarks.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("benchmarks/GeneratorBenchmarks not found above " + AppContext.BaseDirectory);
    }
}
