using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Backends.MySql;
using IntegrationTests.Infrastructure;
using MySqlConnector;

namespace IntegrationTests.MySql;

/// <summary>
/// A throwaway MariaDB server on a loopback port, in a temporary directory: real users with real passwords, no
/// <c>--skip-grant-tables</c>. <see cref="StartAsync"/> fails (it never skips) when the server cannot start.
/// </summary>
public sealed class MariaDbServer : IAsyncDisposable
{
    /// <summary>A user with every privilege on <see cref="DemoDatabase"/> and <see cref="ArchiveDatabase"/>.</summary>
    public const string AppUser = "app";

    /// <summary>A user that may read <see cref="DemoDatabase"/> and nothing else.</summary>
    public const string ReaderUser = "reader";

    /// <summary>The first test database.</summary>
    public const string DemoDatabase = "demo";

    /// <summary>The second test database.</summary>
    public const string ArchiveDatabase = "archive";

    /// <summary>A database <see cref="AppUser"/> may use but that does not exist, so connecting reports "unknown database".</summary>
    public const string MissingDatabase = "missing_db";

    private static readonly ConcurrentDictionary<MariaDbServer, byte> s_running = new();
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dataDirectory;
    private Process? _process;

    static MariaDbServer() =>
        // If the test run ends without disposing a server (a crash, an aborted run), do not leave mariadbd behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in s_running.Keys)
            {
                server.KillNow();
            }
        };

    private MariaDbServer(string directory, int port)
    {
        Directory = directory;
        Port = port;
        _dataDirectory = Path.Combine(directory, "data");
        AppPassword = "app-" + Guid.NewGuid().ToString("N");
        ReaderPassword = "reader-" + Guid.NewGuid().ToString("N");
        RootPassword = "root-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The temporary directory holding the data, the socket and the logs.</summary>
    public string Directory { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, as written in <c>hosts</c>.</summary>
    public string Host => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The password of <see cref="AppUser"/>.</summary>
    public string AppPassword { get; }

    /// <summary>The password of <see cref="ReaderUser"/>.</summary>
    public string ReaderPassword { get; }

    /// <summary>The password of <c>root</c> (over the Unix socket only).</summary>
    public string RootPassword { get; }

    /// <summary>Whether mariadbd is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Creates a data directory and starts a server on a free loopback port.</summary>
    public static async Task<MariaDbServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // A free port can be taken by someone else between finding it and mariadbd binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var server = await CreateAsync(LoopbackPorts.Free(), cancellationToken);
            try
            {
                await server.LaunchAsync(cancellationToken);
                return server;
            }
            catch (PortInUseException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Creates a data directory (users and databases included) for a server on <paramref name="port"/>, without starting it.</summary>
    public static async Task<MariaDbServer> CreateAsync(int port, CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "backendgen-mariadb-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var server = new MariaDbServer(directory, port);
        try
        {
            await server.InstallAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Settings for <see cref="AppUser"/> on <paramref name="database"/>, with a generous start-up deadline.</summary>
    public MySqlSettings AppSettings(string database = DemoDatabase) => new()
    {
        Hosts = [Host],
        Database = database,
        Username = AppUser,
        Password = AppPassword,
        StartupTimeout = TimeSpan.FromMinutes(2),
        RetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>Starts mariadbd over the existing data directory and waits until <see cref="AppUser"/> can log in.</summary>
    public async Task LaunchAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        var errorLog = Path.Combine(Directory, "error.log");
        var start = new ProcessStartInfo(Binary("mariadbd", "/usr/sbin/mariadbd", "/usr/sbin/mysqld"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "--no-defaults",
            "--datadir=" + _dataDirectory,
            "--socket=" + Path.Combine(Directory, "mysqld.sock"),
            "--pid-file=" + Path.Combine(Directory, "mysqld.pid"),
            "--log-error=" + errorLog,
            "--tmpdir=" + Directory,
            "--bind-address=127.0.0.1",
            "--port=" + Port.ToString(CultureInfo.InvariantCulture),
            "--skip-name-resolve",
            "--skip-log-bin",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=0",
            "--innodb-doublewrite=0",
            .. RunAsArguments()])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("mariadbd did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        s_running[this] = 0;

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                var log = Tail(errorLog);
                _process = null;
                s_running.TryRemove(this, out _);
                if (log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortInUseException($"Port {Port} is taken:\n{log}");
                }

                throw new InvalidOperationException(
                    $"mariadbd exited with code {process.ExitCode} before it was ready ({Directory}):\n{log}");
            }

            if (await CanLogInAsync(cancellationToken))
            {
                return;
            }

            if (deadline.Elapsed > s_startTimeout)
            {
                KillNow();
                throw new TimeoutException($"mariadbd did not accept connections within {s_startTimeout.TotalSeconds} s:\n{Tail(errorLog)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops mariadbd (SIGTERM, so InnoDB shuts down cleanly) and waits for it to exit; the data directory stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                // Process.Kill sends SIGKILL; SIGTERM lets mariadbd shut down cleanly, so a restart needs no recovery.
                if (NativeMethods.kill(process.Id, NativeMethods.SIGTERM) != 0)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            process.Dispose();
            _process = null;
            s_running.TryRemove(this, out _);
        }
    }

    /// <summary>Kills mariadbd with SIGKILL (no clean shutdown, as a crash or an OOM kill) and waits for it to exit; the data directory stays.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL on Linux
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
            _process = null;
            s_running.TryRemove(this, out _);
        }
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Runs <paramref name="sql"/> as root over the Unix socket.</summary>
    public async Task ExecuteAsRootAsync(string sql)
    {
        await using var connection = new MySqlConnection(RootConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private string RootConnectionString() => new MySqlConnectionStringBuilder
    {
        Server = Path.Combine(Directory, "mysqld.sock"),
        ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
        UserID = "root",
        Password = RootPassword,
        Pooling = false,
    }.ConnectionString;

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        // Users are created by the bootstrap itself (--extra-file), so the server never runs without them and
        // never needs --skip-grant-tables. Anonymous accounts would shadow 'app'@'%' for local clients: drop them.
        var init = Path.Combine(Directory, "init.sql");
        await File.WriteAllTextAsync(init, $"""
            DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');
            FLUSH PRIVILEGES;
            ALTER USER 'root'@'localhost' IDENTIFIED BY '{RootPassword}';
            CREATE DATABASE {DemoDatabase} CHARACTER SET utf8mb4;
            CREATE DATABASE {ArchiveDatabase} CHARACTER SET utf8mb4;
            CREATE USER '{AppUser}'@'%' IDENTIFIED BY '{AppPassword}';
            GRANT ALL PRIVILEGES ON {DemoDatabase}.* TO '{AppUser}'@'%';
            GRANT ALL PRIVILEGES ON {ArchiveDatabase}.* TO '{AppUser}'@'%';
            GRANT ALL PRIVILEGES ON {MissingDatabase}.* TO '{AppUser}'@'%';
            CREATE USER '{ReaderUser}'@'%' IDENTIFIED BY '{ReaderPassword}';
            GRANT SELECT ON {DemoDatabase}.* TO '{ReaderUser}'@'%';
            """, cancellationToken);

        var start = new ProcessStartInfo(Binary("mariadb-install-db", "/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            "--no-defaults",
            "--datadir=" + _dataDirectory,
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            "--skip-name-resolve",
            "--extra-file=" + init,
            "--innodb-log-file-size=16M",
            .. RunAsArguments()])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("mariadb-install-db did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"mariadb-install-db failed with code {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    private async Task<bool> CanLogInAsync(CancellationToken cancellationToken)
    {
        var connectionString = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)Port,
            UserID = AppUser,
            Password = AppPassword,
            Database = DemoDatabase,
            Pooling = false,
            ConnectionTimeout = 5,
            SslMode = MySqlSslMode.None,
        }.ConnectionString;
        try
        {
            await using var connection = new MySqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.UnableToConnectToHost)
        {
            return false;
        }
    }

    private void KillNow()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private static string[] RunAsArguments() =>
        // mariadbd refuses to run as root unless told to; CI runs as root.
        Environment.IsPrivilegedProcess ? ["--user=root"] : [];

    private static string Binary(string name, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"{name} is not installed: run scripts/install-test-deps.sh (as root) first.", name);
    }

    private static string Tail(string path)
    {
        if (!File.Exists(path))
        {
            return "(no error log)";
        }

        var lines = File.ReadAllLines(path);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }

    private sealed class PortInUseException(string message) : Exception(message);

    private static class NativeMethods
    {
        public const int SIGTERM = 15;

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // a plain int signature needs no generated marshalling
        public static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
