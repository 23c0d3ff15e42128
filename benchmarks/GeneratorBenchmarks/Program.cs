using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/GeneratorBenchmarks -- --job short --filter '*'
//
// Always in process: BenchmarkDotNet's usual toolchain builds an auto-generated project under bin/, which inherits the
// repository's central package management and its Roslyn pin, and cannot restore. Running in the host process measures
// the same code without that second build.
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(GeneratorBenchmarks.GeneratorRunBenchmarks).Assembly).Run(arguments);
