using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.DynamoDb;

/// <summary>
/// A dynalite server (an independent implementation of the DynamoDB API, installed by scripts/install-test-deps.sh into
/// a cache directory) run with the machine's Node on a loopback port, in memory. Starting fails the test, never skips
/// it, when the server cannot start; it is killed on dispose and when the test process exits.
/// </summary>
public sealed class DynaliteProcess : IAsyncDisposable
{
    /// <summary>The pinned version the install script installs.</summary>
    public const string Version = "4.0.0";

    private static readonly ConcurrentDictionary<DynaliteProcess, byte> s_running = new();
    private readonly StringBuilder _output = new();
    private Process? _process;

    static DynaliteProcess() =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in s_running.Keys)
            {
                server.Kill();
            }
        };

    private DynaliteProcess(int port) => Port = port;

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The endpoint, <c>http://127.0.0.1:port</c>.</summary>
    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>Where dynalite's command line is: the install script's cache directory.</summary>
    public static string CliPath
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("BACKENDGEN_CACHE_DIR");
            if (string.IsNullOrEmpty(cache))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                cache = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "backendgen");
            }

            return Path.Combine(cache, "dynalite-" + Version, "node_modules", "dynalite", "cli.js");
        }
    }

    /// <summary>Starts a server on a free loopback port and waits until it answers.</summary>
    public static async Task<DynaliteProcess> StartAsync()
    {
        var server = Reserve(LoopbackPorts.Free());
        await server.StartOnPortAsync();
        return server;
    }

    /// <summary>A server for <paramref name="port"/> that is not started yet (<see cref="StartOnPortAsync"/> starts it).</summary>
    public static DynaliteProcess Reserve(int port) => new(port);

    /// <summary>Starts the server on <see cref="Port"/> and waits until it answers HTTP; throws (failing the test) when it cannot.</summary>
    public async Task StartOnPortAsync()
    {
        Kill();
        var cli = CliPath;
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"dynalite {Version} is not installed at {cli}: run scripts/install-test-deps.sh.");
        }

        // Tables leave CREATING after 20 ms instead of 500: the tests create many.
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "--host", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--createTableMs", "20", "--deleteTableMs", "20", "--updateTableMs", "20" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        s_running[this] = 0;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dynalite on port {Port} exited with {process.ExitCode} at start: {Output}");
            }

            try
            {
                // Any HTTP answer (here a signature error) means it serves requests.
                using var response = await http.PostAsync(ServiceUrl, new StringContent("{}"));
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    Kill();
                    throw new TimeoutException($"dynalite on port {Port} did not answer within 60 s: {Output}");
                }

                await Task.Delay(50);
            }
        }
    }

    /// <summary>Kills the server at once.</summary>
    public void Kill()
    {
        var process = _process;
        _process = null;
        s_running.TryRemove(this, out _);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
