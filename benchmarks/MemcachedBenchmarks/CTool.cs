using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MemcachedBenchmarks;

/// <summary>What one memaslap run measured for its command.</summary>
/// <param name="OpsPerSecond">Requests per second of the measured command (a multi-get counts once), preload excluded from the count.</param>
/// <param name="P50">The median latency's log2 bucket, as text ("64-128 µs"): memaslap keeps no finer histogram.</param>
/// <param name="P99">The 99th percentile's log2 bucket.</param>
/// <param name="Misses">memaslap's <c>get_misses</c>: a multi-get of keys it never stored is cheaper than one of hits.</param>
public sealed record CToolResult(double OpsPerSecond, string P50, string P99, long Misses);

/// <summary>
/// Runs libmemcached-tools' memaslap (Debian installs it as <c>memcaslap</c>) against the same servers with the same
/// shape of load: 16-byte keys, 100-byte values, only gets or only sets, 1 or 64 concurrent requesters, or multi-gets.
/// </summary>
public static partial class CTool
{
    public const string Executable = "/usr/bin/memcaslap";

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Fails loudly when memaslap is missing: a run without it reports no ratio, which is the point of the benchmark.</summary>
    public static void EnsureInstalled()
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(
                $"{Executable} is missing: install Debian's libmemcached-tools (scripts/install-test-deps.sh does). The benchmark compares against it and does not run without it.");
        }
    }

    /// <summary>Runs memaslap and returns its rate and latency buckets for the command, or throws with its output.</summary>
    /// <param name="servers">Comma-separated <c>host:port</c> list.</param>
    /// <param name="sets">Only sets (else only gets, after memaslap's preload of 1024 keys).</param>
    /// <param name="concurrency">Concurrent requesters (connections).</param>
    /// <param name="multiGetKeys">Keys per multi-get (memaslap's <c>-d</c>); 1 for single gets.</param>
    /// <param name="duration">How long to run.</param>
    public static CToolResult Run(string servers, bool sets, int concurrency, int multiGetKeys, TimeSpan duration)
    {
        var config = Path.GetTempFileName();
        try
        {
            // key sizes, value sizes, then the command mix: 0 = set, 1 = get.
            File.WriteAllText(config, $"key\n16 16 1\nvalue\n100 100 1\ncmd\n0 {(sets ? "1.0" : "0.0")}\n1 {(sets ? "0.0" : "1.0")}\n");
            var threads = Math.Min(concurrency, Environment.ProcessorCount);
            var seconds = (int)duration.TotalSeconds;
            var arguments = string.Create(
                CultureInfo.InvariantCulture,
                $"-s {servers} -F {config} -T {threads} -c {concurrency} -t {seconds}s -w 1k -S {seconds}s{(multiGetKeys > 1 ? " -d " + multiGetKeys.ToString(CultureInfo.InvariantCulture) : "")}");
            var info = new ProcessStartInfo(Executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Executable} did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var command = sets ? "Set" : "Get";
            var global = new Regex(command + @" Statistics\s*\n.*\n.*\nGlobal\s+\S+\s+(\d+)\s+(\d+)").Match(output);
            if (!global.Success)
            {
                throw new InvalidOperationException($"memaslap {arguments} printed no {command} statistics: {output} {stderr.Result}");
            }

            var ops = double.Parse(global.Groups[1].Value, CultureInfo.InvariantCulture);
            var (p50, p99) = Percentiles(output, command);
            var misses = MissCount().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new CToolResult(ops / seconds, p50, p99, misses);
        }
        finally
        {
            File.Delete(config);
        }
    }

    /// <summary>
    /// Reads the first "Log2 Dist" histogram after "<paramref name="command"/> Statistics (N events)": bucket k holds
    /// latencies above 2^(k-1) and up to 2^k µs (memaslap files a latency under the least power of two not below it:
    /// a run whose minimum is 20 µs and mean 34 µs has most of its events in bucket 5, 16-32 µs).
    /// </summary>
    private static (string P50, string P99) Percentiles(string output, string command)
    {
        var start = output.IndexOf(command + " Statistics (", StringComparison.Ordinal);
        var dist = start < 0 ? -1 : output.IndexOf("Log2 Dist:", start, StringComparison.Ordinal);
        if (dist < 0)
        {
            return ("n/a", "n/a");
        }

        var buckets = new SortedDictionary<int, long>();
        foreach (var line in output[(dist + 10)..].Split('\n').Skip(1))
        {
            var row = Row().Match(line);
            if (!row.Success)
            {
                break;
            }

            var first = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
            var counts = row.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < counts.Length; i++)
            {
                buckets[first + i] = long.Parse(counts[i], CultureInfo.InvariantCulture);
            }
        }

        var total = buckets.Values.Sum();
        return (Bucket(0.50), Bucket(0.99));

        string Bucket(double quantile)
        {
            long seen = 0;
            foreach (var (exponent, count) in buckets)
            {
                seen += count;
                if (seen >= quantile * total)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{(exponent == 0 ? 0 : 1L << (exponent - 1))}-{1L << exponent} µs");
                }
            }

            return "n/a";
        }
    }

    [GeneratedRegex(@"get_misses:\s*(\d+)")]
    private static partial Regex MissCount();

    [GeneratedRegex(@"^\s+(\d+):((?:\s+\d+)+)\s*$")]
    private static partial Regex Row();
}
