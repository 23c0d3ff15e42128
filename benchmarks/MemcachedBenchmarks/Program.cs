using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MemcachedBenchmarks;

// Starts three memcached servers on loopback and measures, interleaved (ours, memaslap, ours, memaslap ...) so that
// drift of this shared machine hits both sides alike: each row with BenchmarkDotNet (short runs: 2 cores), then
// memaslap on the same servers; then single-caller latency percentiles of both. Writes benchmarks/results/memcached.md.
// `--trace-get N` only runs N sequential gets against a fresh server (for strace -c -f / dotnet-trace); `--trace-many N`
// N multi-gets of 100 keys over three.
var inv = CultureInfo.InvariantCulture;
if (args is ["--trace-get", var count, .. var rest])
{
    // An optional second argument sets the inline wait in microseconds (0 turns it off), for before/after traces.
    using var traced = BenchmarkServer.Start();
    // A third sets the number of concurrent callers (default 1).
    var inlineWait = rest is [var micros, ..] && micros != "default" ? TimeSpan.FromMicroseconds(int.Parse(micros, inv)) : (TimeSpan?)null;
    var tracedCallers = rest is [_, var c, ..] ? int.Parse(c, inv) : 1;
    // A fourth sets the spin in microseconds (0 turns it off).
    var spin = rest is [_, _, var s] ? TimeSpan.FromMicroseconds(int.Parse(s, inv)) : (TimeSpan?)null;
    return await Latency.TraceGetsAsync(traced.Address, int.Parse(count, inv), inlineWait, tracedCallers, spin);
}

if (args is ["--trace-many", var manyCount, .. var manyRest])
{
    // Sequential multi-gets of 100 keys over fresh servers (three, or as many as the next argument says; for perf / strace).
    var started = Enumerable.Range(0, manyRest is [var n] ? int.Parse(n, inv) : 3).Select(_ => BenchmarkServer.Start()).ToList();
    try
    {
        return await Latency.TraceManyAsync([.. started.Select(s => s.Address)], int.Parse(manyCount, inv));
    }
    finally
    {
        started.ForEach(s => s.Dispose());
    }
}

CTool.EnsureInstalled();
// --smoke: every row once (BenchmarkDotNet's dry job, the C tool for a second): checks that the suite runs; writes nothing.
var smoke = args.Contains("--smoke");
var rounds = smoke ? 1 : args is ["--rounds", var r, ..] ? int.Parse(r, inv) : 2;
var toolTime = TimeSpan.FromSeconds(smoke ? 1 : 3);
var loadBefore = LoadAverage();
using var server = BenchmarkServer.Start();
using var second = BenchmarkServer.Start();
using var third = BenchmarkServer.Start();
var poolAddresses = string.Join(",", server.Address, second.Address, third.Address);
Environment.SetEnvironmentVariable(BenchmarkServer.Variable, server.Address);
Environment.SetEnvironmentVariable(ClientBenchmarks.PoolVariable, poolAddresses);

var job = smoke
    ? Job.Dry.WithToolchain(InProcessEmitToolchain.Instance)
    : Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(2)
        .WithIterationCount(5);
var rows = new (string Name, bool Sets, int Concurrency, int MultiGetKeys, string Servers)[]
{
    ("Get_1_caller", false, 1, 1, server.Address),
    ("Set_1_caller", true, 1, 1, server.Address),
    ("Get_64_callers", false, 64, 1, server.Address),
    ("Set_64_callers", true, 64, 1, server.Address),
    ("GetMany_100_keys_1_server", false, 1, ClientBenchmarks.MultiGetKeys, server.Address),
    ("GetMany_100_keys_3_servers", false, 1, ClientBenchmarks.MultiGetKeys, poolAddresses),
};

var ours = rows.ToDictionary(x => x.Name, _ => new List<(double Ops, long? Bytes)>());
var theirs = rows.ToDictionary(x => x.Name, _ => new List<CToolResult>());
var loads = new List<string>();
for (var round = 1; round <= rounds; round++)
{
    foreach (var row in rows)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddFilter(new NameFilter(name => name == row.Name))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var report = BenchmarkRunner.Run<ClientBenchmarks>(config).Reports.Single();
        if (report.ResultStatistics is not { } statistics)
        {
            throw new InvalidOperationException($"BenchmarkDotNet measured nothing for {row.Name}.");
        }

        ours[row.Name].Add((1e9 / statistics.Mean, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)));
        theirs[row.Name].Add(CTool.Run(row.Servers, row.Sets, row.Concurrency, row.MultiGetKeys, toolTime));
    }

    loads.Add(LoadAverage());
}

// Single-caller latency, interleaved the same way: ours (every request timed) and memaslap's log2 histogram.
var latencies = new List<(string Name, Latency.Percentiles Ours, CToolResult Theirs)>();
foreach (var sets in new[] { false, true })
{
    var mine = await Latency.MeasureAsync(server.Address, sets, smoke ? 200 : 20_000);
    var tool = CTool.Run(server.Address, sets, 1, 1, toolTime);
    latencies.Add((sets ? "Set 1 caller" : "Get 1 caller", mine, tool));
}

if (smoke)
{
    Console.WriteLine($"memcached benchmarks: all {rows.Length} rows and the latency runs ran");
    return 0;
}

var markdown = Report(ours, theirs, latencies, rounds, loadBefore, loads, LoadAverage());
Console.WriteLine(markdown);
var root = FindRepositoryRoot();
if (root is not null)
{
    // The file holds the analysis around the measured tables: replace only what lies between the markers.
    const string Start = "<!-- measured:start -->";
    const string End = "<!-- measured:end -->";
    var path = Path.Combine(root, "benchmarks", "results", "memcached.md");
    var existing = File.Exists(path) ? File.ReadAllText(path) : "";
    var (from, to) = (existing.IndexOf(Start, StringComparison.Ordinal), existing.IndexOf(End, StringComparison.Ordinal));
    var block = Start + "\n" + markdown + End;
    File.WriteAllText(path, from >= 0 && to > from
        ? existing[..from] + block + existing[(to + End.Length)..]
        : "# memcached client benchmarks\n\n" + block + "\n");
    Console.WriteLine("Wrote " + path);
}

return 0;

static string Report(
    Dictionary<string, List<(double Ops, long? Bytes)>> ours,
    Dictionary<string, List<CToolResult>> theirs,
    List<(string Name, Latency.Percentiles Ours, CToolResult Theirs)> latencies,
    int rounds,
    string loadBefore,
    List<string> loads,
    string loadAfter)
{
    var text = new StringBuilder();
    var inv = CultureInfo.InvariantCulture;
    text.AppendLine(inv, $"Machine: nproc {Environment.ProcessorCount}, {CpuModel()}, {MemoryTotal()}, dotnet {Command("dotnet", "--version")}, {Command("/usr/bin/memcached", "-V")} (`-m 64 -U 0`, 4 worker threads), memaslap from libmemcached-tools {Command("dpkg-query", "-W -f=${Version} libmemcached-tools")}.");
    text.AppendLine(inv, $"Load average (1/5/15 min): {loadBefore} at start; after each round: {string.Join("; ", loads)}; {loadAfter} at end.");
    text.AppendLine();
    text.AppendLine(inv, $"{rounds} interleaved rounds; each cell is ours / memaslap in requests/s (a multi-get of 100 keys counts once), ratio = ours / memaslap of the same round. memaslap sends every multi-get to the first server it is given (its other servers get no request), so the 1-server multi-get row is the like-for-like one; in the 3-server row ours asks three servers and memaslap one.");
    text.AppendLine();
    text.Append("| operation | ours B/op |");
    for (var round = 1; round <= rounds; round++)
    {
        text.Append(inv, $" round {round}: ours / memaslap | ratio |");
    }

    text.AppendLine();
    text.Append("|---|---:|");
    for (var round = 1; round <= rounds; round++)
    {
        text.Append("---:|---:|");
    }

    text.AppendLine();
    foreach (var (name, runs) in ours)
    {
        text.Append(inv, $"| {name.Replace('_', ' ')} | {string.Join(", ", runs.Select(x => x.Bytes?.ToString(inv) ?? "n/a").Distinct())} |");
        for (var round = 0; round < runs.Count; round++)
        {
            var result = theirs[name][round];
            var tool = result.OpsPerSecond;
            var misses = result.Misses > 0 ? string.Create(inv, $" ({result.Misses:N0} misses)") : "";
            text.Append(inv, $" {runs[round].Ops:N0} / {tool:N0}{misses} | {runs[round].Ops / tool:0.00} |");
        }

        text.AppendLine();
    }

    text.AppendLine();
    text.AppendLine("| one caller | ours p50 | ours p99 | memaslap p50 | memaslap p99 |");
    text.AppendLine("|---|---:|---:|---:|---:|");
    foreach (var (name, mine, tool) in latencies)
    {
        text.AppendLine(inv, $"| {name} | {mine.P50Microseconds:0} µs | {mine.P99Microseconds:0} µs | {tool.P50} | {tool.P99} |");
    }

    return text.ToString();
}

static string LoadAverage()
{
    try
    {
        return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static string CpuModel()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static string MemoryTotal()
{
    try
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (kb / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
    }
    catch (IOException)
    {
        return "unknown";
    }
}

static string Command(string file, string arguments)
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false });
        var output = process!.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}

static string? FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "BackendGen.sln")))
        {
            return directory.FullName;
        }
    }

    return null;
}
