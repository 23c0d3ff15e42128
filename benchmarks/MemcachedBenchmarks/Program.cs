using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MemcachedBenchmarks;

// Starts a memcached on loopback, measures our client with BenchmarkDotNet (short runs: this is a 2-core machine),
// then the C tool against the same server, and writes benchmarks/results/memcached.md.
var loadBefore = LoadAverage();
using var server = BenchmarkServer.Start();
Environment.SetEnvironmentVariable(BenchmarkServer.Variable, server.Address);

var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(10);
var config = ManualConfig.CreateMinimumViable()
    .AddJob(job)
    .AddColumn(StatisticColumn.OperationsPerSecond)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summary = BenchmarkRunner.Run<ClientBenchmarks>(config, args);

var ours = new Dictionary<string, (double OpsPerSecond, long? BytesPerOp)>();
foreach (var report in summary.Reports)
{
    if (report.ResultStatistics is not { } statistics)
    {
        continue;
    }

    var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
    ours[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] = (1e9 / statistics.Mean, bytes);
}

var tool = new Dictionary<string, double>();
if (CTool.IsInstalled)
{
    foreach (var (name, sets, concurrency) in new[] { ("Get_1_caller", false, 1), ("Set_1_caller", true, 1), ("Get_64_callers", false, 64), ("Set_64_callers", true, 64) })
    {
        tool[name] = CTool.Run(server.Address, sets, concurrency, TimeSpan.FromSeconds(5));
    }
}

var markdown = Report(ours, tool, server, loadBefore, LoadAverage());
Console.WriteLine(markdown);
var root = FindRepositoryRoot();
if (root is not null)
{
    var path = Path.Combine(root, "benchmarks", "results", "memcached.md");
    File.WriteAllText(path, markdown);
    Console.WriteLine("Wrote " + path);
}

static string Report(Dictionary<string, (double OpsPerSecond, long? BytesPerOp)> ours, Dictionary<string, double> tool, BenchmarkServer server, string loadBefore, string loadAfter)
{
    var text = new StringBuilder();
    var inv = CultureInfo.InvariantCulture;
    text.AppendLine("# memcached client benchmarks");
    text.AppendLine();
    text.AppendLine("Written by `dotnet run -c Release --project benchmarks/MemcachedBenchmarks` (it starts its own memcached on loopback).");
    text.AppendLine();
    text.AppendLine("## Machine");
    text.AppendLine();
    text.AppendLine(inv, $"- nproc: {Environment.ProcessorCount}");
    text.AppendLine(inv, $"- CPU: {CpuModel()}");
    text.AppendLine(inv, $"- RAM: {MemoryTotal()}");
    text.AppendLine(inv, $"- dotnet --version: {Command("dotnet", "--version")}");
    text.AppendLine(inv, $"- OS: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    text.AppendLine(inv, $"- memcached: {Command("/usr/bin/memcached", "-V")} on {server.Address} (`-m 64 -U 0`, default 4 worker threads)");
    text.AppendLine(inv, $"- load average (1/5/15 min) at start: {loadBefore}; at end: {loadAfter}. Above nproc the machine was shared: throughput then measures contention as much as the client, and hurts our thread-pool-driven client more than memaslap's single event loop; allocations are unaffected.");
    text.AppendLine(inv, $"- C tool: {(CTool.IsInstalled ? "memaslap (`memcaslap`) from Debian's libmemcached-tools " + Command("dpkg-query", "-W -f=${Version} libmemcached-tools") : "not installed")}");
    text.AppendLine();
    text.AppendLine("## Results");
    text.AppendLine();
    text.AppendLine("Same shape of load on both sides: 16-byte keys, 100-byte values, only gets or only sets; one requester awaiting each answer, or 64 concurrent requesters.");
    text.AppendLine("Ours: BenchmarkDotNet (in-process, 3 warm-up + 10 measured iterations), `MemcachedClient.TryGetAsync` into a reused buffer / `SetAsync`, 2 pooled connections.");
    text.AppendLine("C tool: memaslap, 5 s per row, `-T min(concurrency, nproc) -c concurrency` (64 connections for 64 requesters; a get-only run preloads its keys first, counted in its TPS).");
    text.AppendLine();
    text.AppendLine("| operation | ours (requests/s) | ours allocated (bytes/op) | memaslap (requests/s) | ours / memaslap |");
    text.AppendLine("|---|---:|---:|---:|---:|");
    foreach (var name in new[] { "Get_1_caller", "Set_1_caller", "Get_64_callers", "Set_64_callers" })
    {
        var label = name.Replace('_', ' ');
        var (ops, bytes) = ours.TryGetValue(name, out var o) ? o : (double.NaN, null);
        var theirs = tool.TryGetValue(name, out var t) ? t : double.NaN;
        text.AppendLine(inv, $"| {label} | {Format(ops)} | {(bytes is { } b ? b.ToString(inv) : "n/a")} | {Format(theirs)} | {(double.IsNaN(ops) || double.IsNaN(theirs) ? "n/a" : (ops / theirs).ToString("0.00", inv))} |");
    }

    return text.ToString();

    static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("N0", CultureInfo.InvariantCulture);
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
