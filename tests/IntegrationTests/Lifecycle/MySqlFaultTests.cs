using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Backends.MySql;
using Backends.Runtime;
using Backends.Sqlite;
using Backends.Testing;
using Dapper;
using IntegrationTests.Infrastructure;
using IntegrationTests.MongoDb;
using IntegrationTests.MySql;
using MySqlConnector;
using Xunit.Abstractions;

namespace IntegrationTests.Lifecycle;

/// <summary>
/// Fault tests of issue 7 against real MariaDB servers, each its own: down at start, killed under load, a black hole,
/// a proxy that goes silent, a wrong password beside an endless start-up, an optional connection. Each bounds its waits
/// generously and writes what it measured to the test output.
/// </summary>
public sealed class MySqlFaultTests(ITestOutputHelper output)
{
    private void Measured(string what, TimeSpan time) => output.WriteLine($"MEASURED {what}: {time.TotalSeconds:0.00} s");

    [Fact]
    public async Task Down_at_InitializeAsync_and_started_5_s_later_it_comes_up_without_a_restart()
    {
        var port = LoopbackPorts.Free();
        await using var server = await MariaDbServer.CreateAsync(port);
        var backend = new MySqlBackend("late5", server.AppSettings());
        var logs = new CapturingLoggerFactory();
        await using var registry = new BackendRegistry([backend]);
        registry.UseLogger(logs);

        var initializing = registry.InitializeAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(initializing.IsCompleted);
        Assert.Equal(ConnectionState.Configuring, backend.State);

        await server.LaunchAsync();
        var launched = Stopwatch.StartNew();
        await Wait.For(initializing);
        Measured("down at start: from the server accepting logins to Ready", launched.Elapsed);

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.True(backend.Attempts >= 2);
        Assert.Single(logs.Lines, l => l.Contains("Warning", StringComparison.Ordinal) && l.Contains("mysql.late5 is unavailable", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Information", StringComparison.Ordinal) && l.Contains($"mysql.late5 is ready after {backend.Attempts} attempts", StringComparison.Ordinal));
        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT 1"));
    }

    // Defect 1 against a real server: InitializeAsync cancelled while the server is down, then called again once it is up.
    [Fact]
    public async Task A_cancelled_InitializeAsync_can_be_called_again_and_comes_up_once_the_server_is_up()
    {
        var port = LoopbackPorts.Free();
        await using var server = await MariaDbServer.CreateAsync(port);
        var backend = new MySqlBackend("again", server.AppSettings());
        await using var registry = new BackendRegistry([backend]);

        using (var tenSeconds = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            var first = await Wait.ForFailure(registry.InitializeAsync(tenSeconds.Token));
            Assert.IsAssignableFrom<OperationCanceledException>(first);
        }

        Assert.Equal(ConnectionState.Created, backend.State);
        Assert.True(backend.Ready.IsCanceled);
        Assert.Contains(backend.Errors, e => e.GetOriginalException() is OperationCanceledException);

        await server.LaunchAsync();
        await Wait.For(registry.InitializeAsync());
        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.True(backend.Ready.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Killed_with_SIGKILL_under_concurrent_writers_each_write_fails_clearly_in_time_and_all_recover_after_the_restart()
    {
        await using var server = await MariaDbServer.StartAsync();
        var settings = server.AppSettings();
        settings.ConnectTimeout = TimeSpan.FromSeconds(2);
        settings.CommandTimeout = TimeSpan.FromSeconds(5);
        settings.Pool = new PoolSettings { Min = 0, Max = 4 };
        await using var backend = new MySqlBackend("killed", settings);
        await Wait.For(backend.ConfigureAsync());
        await using (var setup = await backend.OpenConnectionAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE fault_writes (Id INT AUTO_INCREMENT PRIMARY KEY, Writer INT NOT NULL, At DATETIME(6) NOT NULL)");
        }

        var failures = new ConcurrentBag<(Exception Error, TimeSpan Took)>();
        var successes = new ConcurrentDictionary<int, int>();
        var restarted = 0L;
        var firstSuccessAfterRestart = new ConcurrentBag<TimeSpan>();
        var restartClock = new Stopwatch();
        using var stop = new CancellationTokenSource();
        const int writers = 6;
        var load = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var op = Stopwatch.StartNew();
                try
                {
                    await using MySqlConnection connection = await backend.OpenConnectionAsync();
                    await connection.ExecuteAsync("INSERT INTO fault_writes (Writer, At) VALUES (@Writer, NOW(6))", new { Writer = writer });
                    successes.AddOrUpdate(writer, 1, (_, n) => n + 1);
                    if (Interlocked.Read(ref restarted) == 1)
                    {
                        firstSuccessAfterRestart.Add(restartClock.Elapsed);
                    }
                }
                catch (Exception ex) when (ex is MySqlException or InvalidOperationException or IOException)
                {
                    failures.Add((ex, op.Elapsed));
                    await Task.Delay(100);
                }
            }
        })).ToArray();

        await Wait.Until(() => successes.Count == writers, "every writer to succeed before the kill");
        await server.KillAsync();
        var killedAt = Stopwatch.StartNew();
        await Wait.Until(() => failures.Count >= writers, "failures during the outage");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var duringOutage = failures.ToArray();

        await server.LaunchAsync();
        restartClock.Start();
        var before = successes.ToDictionary(p => p.Key, p => p.Value);
        Interlocked.Exchange(ref restarted, 1);
        await Wait.Until(() => Enumerable.Range(0, writers).All(w => successes.GetValueOrDefault(w) > before.GetValueOrDefault(w) + 5), "every writer to succeed again after the restart");
        Measured("SIGKILL: outage seen by the writers (kill to restart)", killedAt.Elapsed - restartClock.Elapsed);
        Measured("SIGKILL: from the restarted server accepting logins to the first successful write", firstSuccessAfterRestart.Min());
        await stop.CancelAsync();
        await Wait.For(Task.WhenAll(load));

        Assert.NotEmpty(duringOutage);
        var slowest = duringOutage.Max(f => f.Took);
        Measured($"SIGKILL: slowest failed write of {duringOutage.Length}", slowest);

        // Each failure is the driver's own clear exception, within the configured timeouts (2 s connect, 5 s command), not a hang.
        Assert.All(duringOutage, f => Assert.True(f.Took < TimeSpan.FromSeconds(30), $"a write failed only after {f.Took}: {f.Error.Message}"));
        Assert.Contains(duringOutage, f => f.Error is MySqlException);

        // The pool is not left exhausted: three times the pool size of concurrent writes succeed.
        var after = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            await using MySqlConnection connection = await backend.OpenConnectionAsync();
            return await connection.ExecuteAsync("INSERT INTO fault_writes (Writer, At) VALUES (@Writer, NOW(6))", new { Writer = 100 + i });
        }));
        Assert.All(after, n => Assert.Equal(1, n));
        Assert.Equal(ConnectionState.Ready, backend.State);
    }

    [Fact]
    public async Task A_black_hole_with_a_connect_timeout_longer_than_the_startup_timeout_fails_start_up_at_the_startup_timeout()
    {
        using var blackHole = new BlackHole();
        var backend = new MySqlBackend("hole", new MySqlSettings
        {
            Hosts = [blackHole.Host],
            Database = "demo",
            Username = "app",
            Password = "black-hole-secret-77c1",
            ConnectTimeout = TimeSpan.FromSeconds(120),
            StartupTimeout = TimeSpan.FromSeconds(3),
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        });
        await using var registry = new BackendRegistry([backend]);
        var clock = Stopwatch.StartNew();

        var ex = await Wait.ForFailure(registry.InitializeAsync());

        Measured("black hole: start-up failure (startupTimeout 3 s, connectTimeout 120 s)", clock.Elapsed);
        var startup = Assert.IsType<BackendStartupException>(ex);
        Assert.Equal("mysql.hole", startup.Connection);
        Assert.Contains("startupTimeout of 3 s", startup.Message, StringComparison.Ordinal);
        Assert.True(blackHole.Accepted >= 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"start-up took {clock.Elapsed}, bounded by the driver's 120 s instead of the 3 s startupTimeout");
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Secrets.AssertNowhere("black-hole-secret-77c1", backend, ex, null);
    }

    [Fact]
    public async Task A_proxy_that_goes_silent_bounds_PingAsync_and_start_up()
    {
        await using var server = await MariaDbServer.StartAsync();
        await using var proxy = TcpForwarder.Start(new DnsEndPoint("127.0.0.1", server.Port));
        var settings = server.AppSettings();
        settings.Hosts = [proxy.Host];
        settings.AttemptTimeout = TimeSpan.FromSeconds(2);
        await using var backend = new MySqlBackend("silent", settings);
        await Wait.For(backend.ConfigureAsync());
        await backend.PingAsync();

        proxy.Stall();
        var clock = Stopwatch.StartNew();
        using (var caller = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            var cancelled = await Wait.ForFailure(backend.PingAsync(caller.Token));
            Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        }

        Measured("silent proxy: PingAsync with a 1 s token", clock.Elapsed);
        clock.Restart();
        var timedOut = await Wait.ForFailure(backend.PingAsync());
        Measured("silent proxy: PingAsync with attemptTimeout 2 s", clock.Elapsed);
        // What leaves the library is redacted (issue 8): the TimeoutException travels inside a RedactedException.
        Assert.IsType<TimeoutException>(Assert.IsType<RedactedException>(timedOut).GetOriginalException());
        Assert.Equal("ping", backend.Errors[^1].Phase);

        // Start-up through the silent proxy: TCP is accepted, the greeting never arrives; the driver's connectTimeout is longer.
        var freshSettings = server.AppSettings();
        freshSettings.Hosts = [proxy.Host];
        freshSettings.ConnectTimeout = TimeSpan.FromSeconds(120);
        freshSettings.StartupTimeout = TimeSpan.FromSeconds(4);
        await using var fresh = new MySqlBackend("silentstart", freshSettings);
        clock.Restart();
        var failed = await Wait.ForFailure(fresh.ConfigureAsync());
        Measured("silent proxy: start-up (startupTimeout 4 s, connectTimeout 120 s)", clock.Elapsed);
        var startup = Assert.IsType<BackendStartupException>(failed);
        Assert.Contains("startupTimeout of 4 s", startup.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"start-up took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_wrong_password_fails_InitializeAsync_at_once_while_another_connection_retries_for_ever()
    {
        await using var server = await MariaDbServer.StartAsync();
        var wrong = server.AppSettings();
        wrong.Password = "wrong-password-3f9a";
        var wrongBackend = new MySqlBackend("wrong", wrong);
        var forever = new MySqlBackend("forever", new MySqlSettings
        {
            Hosts = [$"127.0.0.1:{LoopbackPorts.Free()}"],
            Database = "demo",
            Username = "app",
            Password = "x",
            StartupTimeout = Timeout.InfiniteTimeSpan,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        });
        var good = new MySqlBackend("good", server.AppSettings());
        var logs = new CapturingLoggerFactory();
        await using var registry = new BackendRegistry([wrongBackend, forever, good]);
        registry.UseLogger(logs);
        var clock = Stopwatch.StartNew();

        var ex = await Wait.ForFailure(registry.InitializeAsync());

        Measured("wrong password beside an infinite start-up: InitializeAsync failed after", clock.Elapsed);
        var startup = Assert.IsType<BackendStartupException>(ex);
        Assert.Equal("mysql.wrong", startup.Connection);
        Assert.Contains("Access denied", startup.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, wrongBackend.State);
        Assert.Equal(ConnectionState.Created, forever.State);
        Assert.True(forever.Ready.IsCanceled);
        var attempts = forever.Attempts;
        await Task.Delay(1500);
        Assert.Equal(attempts, forever.Attempts); // nothing retries behind the failed start-up
        Secrets.AssertNowhere("wrong-password-3f9a", wrongBackend, ex, logs);
    }

    [Fact]
    public async Task An_optional_connection_down_at_start_lets_InitializeAsync_return_and_becomes_Ready_when_the_server_starts()
    {
        var port = LoopbackPorts.Free();
        await using var server = await MariaDbServer.CreateAsync(port);
        var settings = server.AppSettings();
        settings.Optional = true;
        settings.StartupTimeout = TimeSpan.FromSeconds(1); // ignored for an optional connection: it retries until it is up
        var optional = new MySqlBackend("optional", settings);
        var local = new SqliteBackend("local", new SqliteSettings { Path = ":memory:" });
        await using var registry = new BackendRegistry([optional, local]);
        var clock = Stopwatch.StartNew();

        await Wait.For(registry.InitializeAsync());

        Measured("optional down at start: InitializeAsync returned after", clock.Elapsed);
        Assert.True(optional.IsOptional);
        Assert.Equal(ConnectionState.Ready, local.State);
        Assert.False(optional.Ready.IsCompleted);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(ConnectionState.Configuring, optional.State);
        Assert.True(optional.Attempts >= 2);

        await server.LaunchAsync();
        var launched = Stopwatch.StartNew();
        await Wait.For(optional.Ready);
        Measured("optional: from the server accepting logins to Ready", launched.Elapsed);
        Assert.Equal(ConnectionState.Ready, optional.State);
    }

    /// <summary>A loopback listener that accepts connections and never sends a byte.</summary>
    private sealed class BlackHole : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly ConcurrentBag<Socket> _accepted = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        public BlackHole()
        {
            _listener.Start();
            Host = "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = AcceptAsync();
        }

        public string Host { get; }

        public int Accepted => _accepted.Count;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }

            try
            {
                _accepting.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    _accepted.Add(await _listener.AcceptSocketAsync(_stop.Token));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }
    }
}
