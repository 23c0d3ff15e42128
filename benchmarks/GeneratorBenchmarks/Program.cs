using BenchmarkDotNet.Running;

// benchmarks/GeneratorBenchmarks/baseline.sh <git-rev>      (once: builds the generator to compare with)
// dotnet run -c Release --project benchmarks/GeneratorBenchmarks -- --job short --filter '*'
// dotnet run -c Release --project benchmarks/GeneratorBenchmarks -- --report     (sizes and caching, no timing)
//
// Always in process: BenchmarkDotNet's usual toolchain builds an auto-generated project under bin/, which inherits the
// repository's central package management and its Roslyn pin, and cannot restore. Running in the host process measures
// the same code without that second build.
if (args.Contains("--report", StringComparer.OrdinalIgnoreCase))
{
    GeneratorBenchmarks.SizeReport.Write(1000);
    return;
}

var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks.GeneratorRunBenchmarks).Assembly).Run(arguments);
