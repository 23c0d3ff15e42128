using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/AccessorBenchmarks -- --filter '*'
// In process, as the other benchmark projects here (the auto-generated project cannot restore under central package management).
var arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(AccessorBenchmarks.ConnectionLookupBenchmarks).Assembly).Run(arguments);
