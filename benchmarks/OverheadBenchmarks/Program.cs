using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IntegrationTests.MySql;
using MemcachedBenchmarks;
using OverheadBenchmarks;

// Starts one MariaDB and one memcached on loopback, then measures each pair (the reference a user would write, then
// ours) with BenchmarkDotNet, interleaved round after round so that drift of this shared machine hits both sides
// alike; writes benchmarks/results/overhead.md with medians and ratios.
//   dotnet run -c Release --project benchmarks/OverheadBenchmarks [-- --rounds N]
//   ... -- --paired-only   only the finely interleaved ratios (no BenchmarkDotNet rows)
//   ... -- --smoke     every benchmark once (checks they still run; no figures, nothing written)
var inv = CultureInfo.InvariantCulture;
var smoke = args.Contains("--smoke");
var rounds = args.Contains("--paired-only") ? 0 : args.SkipWhile(a => a != "--rounds").Skip(1).Select(a => int.Parse(a, inv)).FirstOrDefault(3);
var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault()
    ?? Path.Combine(RepositoryRoot(), "benchmarks", "results", "overhead.md");

var loadBefore = LoadAverage();
await using var mariaDb = await MariaDbServer.StartAsync();
using var memcached = BenchmarkServer.Start();
Environment.SetEnvironmentVariable(Servers.MySqlVariable, mariaDb.Host);
Environment.SetEnvironmentVariable(Servers.MySqlPasswordVariable, mariaDb.AppPassword);
Environment.SetEnvironmentVariable(Servers.MemcachedVariable, memcached.Address);

var steady = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(7);
var startup = steady.WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(15);
if (smoke)
{
    steady = Job.Dry.WithToolchain(InProcessEmitToolchain.Instance);
    startup = steady;
    rounds = 1;
}

// Each pair: the reference, then ours; the goal is on ours ÷ reference.
var pairs = new Pair[]
{
    new("Dapper query (primary key) through the handle", typeof(DapperBenchmarks), steady, new("Raw_data_source_query"), new("Handle_query"), "≤ 1.02×"),
    new("memcached get through IKeyValueStore", typeof(KeyValueBenchmarks), steady, new("Bare_client_get"), new("Store_get"), "≤ 1.03×"),
    new("memcached set through IKeyValueStore", typeof(KeyValueBenchmarks), steady, new("Bare_client_set"), new("Store_set"), "≤ 1.03×"),
    new("tiered store get (cache hit)", typeof(TieredBenchmarks), steady, new("Cache_get"), new("Tiered_get_hit"), "≤ 1.10×"),
    new("tiered store set (16 hot keys)", typeof(TieredBenchmarks), steady, new("Cache_set"), new("Tiered_set"), "report"),
    new("start-up, 3 connections: parallel ÷ one after another", typeof(StartupBenchmarks), startup, new("One_after_another", 3), new("In_parallel", 3), "report"),
    new("start-up, 10 connections: parallel ÷ one after another", typeof(StartupBenchmarks), startup, new("One_after_another", 10), new("In_parallel", 10), "report"),
    new("start-up, 10 in parallel ÷ 1 alone", typeof(StartupBenchmarks), startup, new("In_parallel", 1), new("In_parallel", 10), "≤ 1.3×"),
};

var measured = pairs.ToDictionary(p => p, _ => new List<(Measure Reference, Measure Ours)>());
var loads = new List<string>();
for (var round = 1; round <= rounds; round++)
{
    foreach (var pair in pairs)
    {
        measured[pair].Add((Run(pair.Type, pair.Job, pair.Reference), Run(pair.Type, pair.Job, pair.Ours)));
    }

    loads.Add(LoadAverage());
}

var paired = await PairedAsync(smoke);
if (smoke)
{
    Console.WriteLine($"overhead benchmarks: all {pairs.Length * 2} rows ran");
    return 0;
}

var markdown = Report(pairs, measured, rounds, loadBefore, loads, LoadAverage()) + PairedReport(paired);
File.WriteAllText(output, markdown);
Console.WriteLine(markdown);
return 0;

Measure Run(Type type, Job job, Row row)
{
    var config = ManualConfig.CreateMinimumViable()
        .AddJob(job)
        .AddFilter(new SimpleFilter(c => c.Descriptor.WorkloadMethod.Name == row.Method
            && (row.Connections is null || Equals(c.Parameters["Connections"], row.Connections))))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
    var summary = BenchmarkRunner.Run(type, config);
    var report = summary.Reports.SingleOrDefault()
        ?? throw new InvalidOperationException($"BenchmarkDotNet found no benchmark {type.Name}.{row}.");
    if (report.ResultStatistics is not { } statistics || !report.Success)
    {
        throw new InvalidOperationException($"BenchmarkDotNet measured nothing for {type.Name}.{row}: see its log above.");
    }

    return new Measure(statistics.Median, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
}

string Report(Pair[] pairs, Dictionary<Pair, List<(Measure Reference, Measure Ours)>> results, int rounds, string loadBefore, List<string> loads, string loadAfter)
{
    var text = new StringBuilder();
    text.AppendLine("# Overhead of BackendGen's layers");
    text.AppendLine();
    text.AppendLine(inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({Environment.OSVersion}), .NET {Environment.Version}, against one MariaDB and one memcached on loopback started by the benchmark. ");
    text.AppendLine(inv, $"Load average before: {loadBefore}; after each round: {string.Join(" | ", loads)}; after: {loadAfter}. ");
    text.AppendLine(inv, $"Each pair ran {rounds} rounds, interleaved (reference, ours, next pair, ... then again), so drift of this shared machine hits both sides alike. Times are BenchmarkDotNet medians; the ratio is ours ÷ the reference, per round, and the table gives the median ratio with the range over rounds.");
    text.AppendLine();
    text.AppendLine("| measure | reference median | ours median | ratio (median) | ratio range | allocated ref / ours | goal |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (var pair in pairs.Where(p => results[p].Count > 0))
    {
        var rows = results[pair];
        var ratios = rows.Select(r => r.Ours.Nanoseconds / r.Reference.Nanoseconds).Order().ToArray();
        text.AppendLine(inv, $"| {pair.Name} | {Time(Median(rows.Select(r => r.Reference.Nanoseconds)))} | {Time(Median(rows.Select(r => r.Ours.Nanoseconds)))} | {Median(ratios):0.000}× | {ratios[0]:0.000}–{ratios[^1]:0.000} | {Bytes(rows[^1].Reference.Bytes)} / {Bytes(rows[^1].Ours.Bytes)} | {pair.Goal} |");
    }

    text.AppendLine();
    text.AppendLine("Rows: `Dapper` is `QueryFirstOrDefaultAsync` (intercepted by Dapper.AOT) of one row by primary key on a connection opened from `MySqlBackend.OpenConnectionAsync` against one opened from a `MySqlDataSource` built by hand with the same connection string options; `memcached` compares the handle's `Instance` (the bare client) with the handle as an `IKeyValueStore`, one shared pool; `tiered` compares a `TieredStore` (memcached over MySQL) with its cache handle alone; start-up configures fresh `MySqlBackend` handles (data source, first open, ping) each iteration. The generated accessor itself (`Db.MySql.Demo`) costs under a nanosecond: see [accessors.md](accessors.md).");
    return text.ToString();
}

// The same pairs, interleaved finely in this process (see Paired): the ratios to trust on a loaded machine.
static async Task<List<(string Name, Paired.Result Result, string Goal)>> PairedAsync(bool smoke)
{
    var (blocks, pairs, warmup) = smoke ? (2, 2, 1) : (200, 60, 500);
    var results = new List<(string, Paired.Result, string)>();
    var dapper = new DapperBenchmarks();
    await dapper.SetUpAsync();
    results.Add(("Dapper query (primary key) through the handle", await Paired.MeasureAsync(
        async () => await dapper.Raw_data_source_query(), async () => await dapper.Handle_query(), blocks / 4, pairs, warmup / 4), "≤ 1.02×"));
    await dapper.CleanUpAsync();

    var keyValue = new KeyValueBenchmarks();
    await keyValue.SetUpAsync();
    results.Add(("memcached get through IKeyValueStore", await Paired.MeasureAsync(
        async () => await keyValue.Bare_client_get(), async () => await keyValue.Store_get(), blocks, pairs, warmup), "≤ 1.03×"));
    results.Add(("memcached set through IKeyValueStore", await Paired.MeasureAsync(
        keyValue.Bare_client_set, keyValue.Store_set, blocks, pairs, warmup), "≤ 1.03×"));
    await keyValue.CleanUpAsync();

    var tiered = new TieredBenchmarks();
    await tiered.SetUpAsync();
    results.Add(("tiered store get (cache hit)", await Paired.MeasureAsync(
        async () => await tiered.Cache_get(), async () => await tiered.Tiered_get_hit(), blocks, pairs, warmup), "≤ 1.10×"));
    results.Add(("tiered store set (16 hot keys)", await Paired.MeasureAsync(
        tiered.Cache_set, tiered.Tiered_set, blocks, pairs, warmup), "report"));
    await tiered.CleanUpAsync();

    var starts = smoke ? 2 : 30;
    results.Add(("start-up, 10 connections: parallel ÷ one after another", await Paired.MeasureTimedAsync(
        () => StartAsync(10, parallel: false), () => StartAsync(10, parallel: true), starts, 2), "report"));
    results.Add(("start-up, 10 in parallel ÷ 1 alone", await Paired.MeasureTimedAsync(
        () => StartAsync(1, parallel: true), () => StartAsync(10, parallel: true), starts, 2), "≤ 1.3×"));
    return results;

    static async Task<double> StartAsync(int connections, bool parallel)
    {
        var benchmark = new StartupBenchmarks { Connections = connections };
        benchmark.CreateHandles();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await (parallel ? benchmark.In_parallel() : benchmark.One_after_another());
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6;
        benchmark.CloseHandles();
        return elapsed;
    }
}

static string PairedReport(List<(string Name, Paired.Result Result, string Goal)> results)
{
    var text = new StringBuilder();
    text.AppendLine();
    text.AppendLine("## Paired, finely interleaved ratios");
    text.AppendLine();
    text.AppendLine("The same pairs measured in one process in alternating blocks (reference, ours; then ours, reference; ...: 200 operations a block, 50 for Dapper, one start-up a block), so that load changes within seconds hit both sides alike. The ratio is the median over the pairs of adjacent blocks, with its interquartile range: on this shared machine these are the ratios to trust.");
    text.AppendLine();
    text.AppendLine("| measure | reference (median per op) | ours (median per op) | ratio (median) | interquartile range | pairs | goal |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (var (name, r, goal) in results)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Time(r.ReferenceNanoseconds)} | {Time(r.OursNanoseconds)} | {r.MedianRatio:0.000}× | {r.LowQuartile:0.000}–{r.HighQuartile:0.000} | {r.Pairs} | {goal} |");
    }

    return text.ToString();
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Time(double nanoseconds) => nanoseconds switch
{
    >= 1e6 => (nanoseconds / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
    >= 1e3 => (nanoseconds / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
    _ => nanoseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ns",
};

static string Bytes(long? bytes) => bytes is { } b ? b.ToString(CultureInfo.InvariantCulture) + " B" : "n/a";

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "BackendGen.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("BackendGen.sln not found above " + AppContext.BaseDirectory);
}

internal sealed record Row(string Method, int? Connections = null)
{
    public override string ToString() => Connections is { } n ? $"{Method}(Connections={n})" : Method;
}

internal sealed record Measure(double Nanoseconds, long? Bytes);

internal sealed record Pair(string Name, Type Type, Job Job, Row Reference, Row Ours, string Goal);
