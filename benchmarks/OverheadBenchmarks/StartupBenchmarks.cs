using BenchmarkDotNet.Attributes;
using Backends.MySql;

namespace OverheadBenchmarks;

/// <summary>
/// Start-up of N MySQL connections against a real MariaDB: configured in parallel (what <c>Db.InitializeAsync</c>
/// does) against the same connections configured one after another. Fresh handles each iteration, so each measures
/// data source creation, the first open and the ping.
/// </summary>
public class StartupBenchmarks
{
    private MySqlBackend[] _handles = [];

    [Params(1, 3, 10)]
    public int Connections { get; set; }

    [IterationSetup]
    public void CreateHandles() =>
        _handles = Enumerable.Range(0, Connections).Select(i => new MySqlBackend("bench" + i, Servers.MySql())).ToArray();

    [IterationCleanup]
    public void CloseHandles() => Task.WhenAll(_handles.Select(h => h.CloseAsync())).GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public async Task One_after_another()
    {
        foreach (var handle in _handles)
        {
            await handle.ConfigureAsync();
        }
    }

    [Benchmark]
    public Task In_parallel() => Task.WhenAll(_handles.Select(h => h.ConfigureAsync()));
}
