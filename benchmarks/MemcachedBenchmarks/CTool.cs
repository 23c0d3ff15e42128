using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MemcachedBenchmarks;

/// <summary>
/// Runs libmemcached-tools' memaslap (Debian installs it as <c>memcaslap</c>) against the same server with the same
/// shape of load: 16-byte keys, 100-byte values, only gets or only sets, 1 or 64 concurrent requesters.
/// </summary>
public static partial class CTool
{
    public const string Executable = "/usr/bin/memcaslap";

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Returns memaslap's TPS for the run, or throws with its output when it cannot be read.</summary>
    public static double Run(string server, bool sets, int concurrency, TimeSpan duration)
    {
        var config = Path.GetTempFileName();
        try
        {
            // key sizes, value sizes, then the command mix: 0 = set, 1 = get (a get-only run preloads its keys first).
            File.WriteAllText(config, $"key\n16 16 1\nvalue\n100 100 1\ncmd\n0 {(sets ? "1.0" : "0.0")}\n1 {(sets ? "0.0" : "1.0")}\n");
            var threads = Math.Min(concurrency, Environment.ProcessorCount);
            var arguments = string.Create(
                CultureInfo.InvariantCulture,
                $"-s {server} -F {config} -T {threads} -c {concurrency} -t {(int)duration.TotalSeconds}s");
            var info = new ProcessStartInfo(Executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Executable} did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var match = Tps().Match(output);
            return match.Success
                ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"memaslap {arguments} printed no TPS: {output} {stderr.Result}");
        }
        finally
        {
            File.Delete(config);
        }
    }

    [GeneratedRegex(@"TPS:\s*([0-9.]+)")]
    private static partial Regex Tps();
}
