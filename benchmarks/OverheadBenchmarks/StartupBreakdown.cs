using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Backends.MySql;
using MySqlConnector;

namespace OverheadBenchmarks;

/// <summary>
/// Where one MySQL start-up's time goes: each phase of what <c>ConfigureAsync</c> does (settings to data source, the
/// first open, which is the TCP connect plus the handshake and authentication, the ping, the return to the pool) timed
/// on its own with the raw driver, interleaved with whole starts through the handle so that the difference is the
/// runtime's own share. The CPU time of both processes (this one and <c>mariadbd</c>) over the same starts says
/// whether starting N at once is bound by the two cores rather than by waiting.
/// </summary>
public static class StartupBreakdown
{
    /// <summary>The heading of the section this writes into <c>benchmarks/results/overhead.md</c>.</summary>
    public const string Heading = "## Where one start-up's time goes (MySQL)";

    private const int Parallel = 10;

    public static async Task<string> RunAsync(int starts, int serverPort)
    {
        var settings = Servers.MySql();
        var host = settings.Hosts[0].Split(':');
        var endpoint = new IPEndPoint(IPAddress.Parse(host[0]), int.Parse(host[1], CultureInfo.InvariantCulture));
        var server = ServerProcess(serverPort);

        var phases = new Dictionary<string, List<double>>
        {
            ["data source (settings, connection string, Build)"] = [],
            ["TCP connect alone (a bare socket)"] = [],
            ["first open (connect, handshake, authentication)"] = [],
            ["ping"] = [],
            ["return to the pool and dispose"] = [],
            ["raw total"] = [],
            ["whole ConfigureAsync through the handle"] = [],
            ["handle close"] = [],
        };

        for (var i = 0; i < 5; i++)
        {
            await RawStartAsync(settings, endpoint, null);
            await HandleStartAsync(settings, null);
        }

        for (var i = 0; i < starts; i++)
        {
            // Interleave AB, BA so that drift hits both alike.
            if (i % 2 == 0)
            {
                await RawStartAsync(settings, endpoint, phases);
                await HandleStartAsync(settings, phases);
            }
            else
            {
                await HandleStartAsync(settings, phases);
                await RawStartAsync(settings, endpoint, phases);
            }
        }

        // CPU of both sides for sequential starts through the handle, then for the same number started 10 at a time.
        var cpuStarts = starts / Parallel * Parallel;
        var (sequentialWall, sequentialClient, sequentialServer) = await CpuAsync(server, async () =>
        {
            for (var i = 0; i < cpuStarts; i++)
            {
                await HandleStartAsync(settings, null);
            }
        });
        var (parallelWall, parallelClient, parallelServer) = await CpuAsync(server, async () =>
        {
            for (var i = 0; i < cpuStarts / Parallel; i++)
            {
                var handles = Enumerable.Range(0, Parallel).Select(n => new MySqlBackend("breakdown" + n, Servers.MySql())).ToArray();
                await Task.WhenAll(handles.Select(h => h.ConfigureAsync()));
                await Task.WhenAll(handles.Select(h => h.CloseAsync()));
            }
        });

        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine(inv, $"{starts} starts of each kind, interleaved (raw phases, whole start through the handle; then the other order), after 5 warm-up starts; medians. Load average at the end: {LoadAverage()}.");
        text.AppendLine();
        text.AppendLine("| phase | median | share of the raw total |");
        text.AppendLine("|---|---:|---:|");
        var rawTotal = Median(phases["raw total"]);
        foreach (var (name, values) in phases)
        {
            var median = Median(values);
            var share = name is "whole ConfigureAsync through the handle" or "handle close" or "TCP connect alone (a bare socket)" || name == "raw total"
                ? name == "raw total" ? "100 %" : string.Create(inv, $"({median / rawTotal * 100:0} %)")
                : string.Create(inv, $"{median / rawTotal * 100:0} %");
            text.AppendLine(inv, $"| {name} | {Micro(median)} | {share} |");
        }

        var ratios = phases["whole ConfigureAsync through the handle"].Zip(phases["raw total"], (ours, raw) => ours / raw).Order().ToArray();
        text.AppendLine();
        text.AppendLine(inv, $"Whole start through the handle ÷ the raw phases, paired per start: median {ratios[ratios.Length / 2]:0.000}× (interquartile {ratios[ratios.Length / 4]:0.000}–{ratios[ratios.Length * 3 / 4]:0.000}).");
        text.AppendLine();
        text.AppendLine("CPU time per start, both processes, over the same starts (from `/proc`, 10 ms ticks for the server, so averaged over many):");
        text.AppendLine();
        text.AppendLine("| run | starts | wall per start | this process CPU per start | mariadbd CPU per start | (both CPU ÷ 2 cores) ÷ wall |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        text.AppendLine(inv, $"| one after another | {cpuStarts} | {Micro(sequentialWall / cpuStarts)} | {Micro(sequentialClient / cpuStarts)} | {Micro(sequentialServer / cpuStarts)} | {(sequentialClient + sequentialServer) / Environment.ProcessorCount / sequentialWall:0.00} |");
        text.AppendLine(inv, $"| {Parallel} at a time | {cpuStarts} | {Micro(parallelWall / cpuStarts)} | {Micro(parallelClient / cpuStarts)} | {Micro(parallelServer / cpuStarts)} | {(parallelClient + parallelServer) / Environment.ProcessorCount / parallelWall:0.00} |");
        text.AppendLine();
        text.AppendLine("The last column near 1 means the two cores were busy with these start-ups for the whole wall time: the start-up is CPU-bound and starting N in parallel cannot take less than N × (CPU per start) ÷ cores.");
        return text.ToString();
    }

    private static async Task RawStartAsync(MySqlSettings settings, IPEndPoint endpoint, Dictionary<string, List<double>>? phases)
    {
        var t = Stopwatch.GetTimestamp();
        var dataSource = Servers.RawDataSource();
        var dataSourceTime = Lap(ref t);

        using (var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(endpoint);
            Record(phases, "TCP connect alone (a bare socket)", Lap(ref t));
        }

        t = Stopwatch.GetTimestamp();
        var connection = await dataSource.OpenConnectionAsync();
        var open = Lap(ref t);
        if (!await connection.PingAsync())
        {
            throw new InvalidOperationException("The server did not answer a ping.");
        }

        var ping = Lap(ref t);
        await connection.DisposeAsync();
        await dataSource.DisposeAsync();
        var dispose = Lap(ref t);

        Record(phases, "data source (settings, connection string, Build)", dataSourceTime);
        Record(phases, "first open (connect, handshake, authentication)", open);
        Record(phases, "ping", ping);
        Record(phases, "return to the pool and dispose", dispose);
        // The bare socket is a yardstick, not part of a start: the total leaves it out.
        Record(phases, "raw total", dataSourceTime + open + ping + dispose);
        _ = settings;
    }

    private static async Task HandleStartAsync(MySqlSettings settings, Dictionary<string, List<double>>? phases)
    {
        var t = Stopwatch.GetTimestamp();
        var handle = new MySqlBackend("breakdown", Servers.MySql());
        await handle.ConfigureAsync();
        Record(phases, "whole ConfigureAsync through the handle", Lap(ref t));
        await handle.CloseAsync();
        Record(phases, "handle close", Lap(ref t));
        _ = settings;
    }

    private static async Task<(double Wall, double Client, double Server)> CpuAsync(Process? server, Func<Task> run)
    {
        using var self = Process.GetCurrentProcess();
        var clientBefore = self.TotalProcessorTime;
        var serverBefore = ServerCpu(server);
        var wall = Stopwatch.GetTimestamp();
        await run();
        var wallTime = Stopwatch.GetElapsedTime(wall).TotalMicroseconds;
        self.Refresh();
        return (wallTime, (self.TotalProcessorTime - clientBefore).TotalMicroseconds, (ServerCpu(server) - serverBefore) * 1e4);
    }

    // utime + stime of the server in clock ticks (100 a second on Linux).
    private static double ServerCpu(Process? server)
    {
        if (server is null)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{server.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static Process? ServerProcess(int port)
    {
        foreach (var process in Process.GetProcessesByName("mariadbd"))
        {
            try
            {
                if (File.ReadAllText($"/proc/{process.Id}/cmdline").Contains("--port=" + port.ToString(CultureInfo.InvariantCulture) + "\0", StringComparison.Ordinal))
                {
                    return process;
                }
            }
            catch (IOException)
            {
            }
        }

        return null;
    }

    private static void Record(Dictionary<string, List<double>>? phases, string name, double microseconds) => phases?[name].Add(microseconds);

    private static double Lap(ref long timestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(timestamp).TotalMicroseconds;
        timestamp = Stopwatch.GetTimestamp();
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private static string Micro(double microseconds) => microseconds >= 1000
        ? (microseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : microseconds.ToString("0", CultureInfo.InvariantCulture) + " µs";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
