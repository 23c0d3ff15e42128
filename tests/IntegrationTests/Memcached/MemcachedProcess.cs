using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Backends.Memcached;
using Backends.Testing;
using IntegrationTests.Infrastructure;

namespace IntegrationTests.Memcached;

/// <summary>
/// A real memcached (Debian's <c>/usr/bin/memcached</c>) on a free loopback port. Starting fails the test, never skips
/// it, when the server cannot start. It can be killed, restarted on the same port, and paused (SIGSTOP) to play a
/// server that stops answering.
/// </summary>
public sealed class MemcachedProcess : IAsyncDisposable
{
    /// <summary>Where Debian's package installs the server.</summary>
    public const string Executable = "/usr/bin/memcached";

    private static readonly ConcurrentDictionary<MemcachedProcess, byte> s_running = new();
    private Process? _process;
    private string _stderr = "";

    static MemcachedProcess() =>
        // A crashed or aborted test run must not leave servers behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in s_running.Keys)
            {
                server.Kill();
            }
        };

    private MemcachedProcess(int port, int memoryMegabytes)
    {
        Port = port;
        MemoryMegabytes = memoryMegabytes;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The memory limit (<c>-m</c>).</summary>
    public int MemoryMegabytes { get; }

    /// <summary>The address as configured: <c>127.0.0.1:port</c>.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The address as the client reports it.</summary>
    public MemcachedServerAddress Address => new("127.0.0.1", Port);

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<MemcachedProcess> StartAsync(int memoryMegabytes = 64)
    {
        var server = new MemcachedProcess(LoopbackPorts.Free(), memoryMegabytes);
        await server.RestartAsync();
        return server;
    }

    /// <summary>(Re)starts the server on <see cref="Port"/> and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        Kill();
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's memcached package (scripts/install-test-deps.sh does).");
        }

        var arguments = string.Create(CultureInfo.InvariantCulture, $"-l 127.0.0.1 -p {Port} -U 0 -m {MemoryMegabytes}");
        if (Environment.UserName == "root")
        {
            arguments += " -u root"; // memcached refuses to run as root without naming the user
        }

        var info = new ProcessStartInfo(Executable, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{Executable} did not start.");
        process.ErrorDataReceived += (_, e) => _stderr += e.Data + "\n";
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        s_running[this] = 0;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"memcached on port {Port} exited with {process.ExitCode} at start: {_stderr}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException($"memcached on port {Port} did not accept connections within 30 s: {_stderr}");
            }
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
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
                Resume(process.Id);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It has already gone.
        }

        process.Dispose();
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections stay open but nothing is answered. Returns once every thread of the
    /// process is stopped: kill() only queues the signal, and a worker thread could still answer a request meanwhile.
    /// </summary>
    public async Task PauseAsync()
    {
        var pid = _process?.Id ?? throw new InvalidOperationException("not running");
        Signal(pid, 19);
        await Wait.Until(() => AllThreadsStopped(pid), $"memcached {pid} to stop after SIGSTOP");
    }

    private static bool AllThreadsStopped(int pid)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                // /proc/PID/task/TID/stat: "tid (comm) S ..." where S is the state; T = stopped.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                if (state is not ("T" or "t"))
                {
                    return false;
                }
            }
            catch (IOException)
            {
                // A thread that exited meanwhile is not running either.
            }
        }

        return true;
    }

    /// <summary>Thaws a paused server (SIGCONT).</summary>
    public void Resume() => Resume(_process?.Id ?? throw new InvalidOperationException("not running"));

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private static void Resume(int pid) => Signal(pid, 18);

    private static void Signal(int pid, int signal)
    {
        if (SendSignal(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SendSignal(int pid, int signal);
}

/// <summary>One memcached server shared by a test class.</summary>
public sealed class MemcachedServerFixture : IAsyncLifetime
{
    /// <summary>The server.</summary>
    public MemcachedProcess Server { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Server = await MemcachedProcess.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Three memcached servers shared by a test class.</summary>
public sealed class MemcachedPoolFixture : IAsyncLifetime
{
    /// <summary>The servers.</summary>
    public IReadOnlyList<MemcachedProcess> Servers { get; private set; } = [];

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        Servers = await Task.WhenAll(MemcachedProcess.StartAsync(), MemcachedProcess.StartAsync(), MemcachedProcess.StartAsync());

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }
    }
}
