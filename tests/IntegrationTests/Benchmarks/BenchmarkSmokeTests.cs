using IntegrationTests.Aot;

namespace IntegrationTests.Benchmarks;

/// <summary>
/// The benchmark suite still runs: <c>scripts/bench.sh --smoke</c> runs every benchmark once (BenchmarkDotNet's dry
/// job, one round against real servers) over what the solution build produced. It checks that they execute, not
/// their figures; those are measured by <c>scripts/bench.sh</c> and recorded in <c>benchmarks/results/</c>.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task Every_benchmark_suite_runs()
    {
        var root = QuickStartAotTests.RepositoryRoot();
        var run = await QuickStartAotTests.RunAsync("bash", root.FullName, Path.Combine("scripts", "bench.sh"), "--smoke", "--no-build");

        Assert.True(run.ExitCode == 0, "scripts/bench.sh --smoke failed:\n" + run.Output);
        Assert.Contains("overhead benchmarks: all 16 rows ran", run.Output, StringComparison.Ordinal);
        Assert.Contains("benchmark smoke: 4 suites ran", run.Output, StringComparison.Ordinal);
    }
}
