using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MemcachedBenchmarks;

/// <summary>A memcached (Debian's package) on a free loopback port for the length of the run.</summary>
public sealed class BenchmarkServer : IDisposable
{
    public const string Variable = "MEMCACHED_BENCH_SERVER";
    private const string Executable = "/usr/bin/memcached";

    private readonly Process _process;

    private BenchmarkServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static BenchmarkServer Start()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: apt-get install memcached.");
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var arguments = string.Create(CultureInfo.InvariantCulture, $"-l 127.0.0.1 -p {port} -U 0 -m 64");
        if (Environment.UserName == "root")
        {
            arguments += " -u root";
        }

        var process = Process.Start(new ProcessStartInfo(Executable, arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException("memcached did not start.");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return new BenchmarkServer(process, port);
            }
            catch (SocketException) when (attempt < 200 && !process.HasExited)
            {
                Thread.Sleep(25);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
