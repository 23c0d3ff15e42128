using System.Diagnostics;
using Backends.Runtime;
using Backends.Testing;
using Microsoft.Extensions.Logging;

namespace Backends.Runtime.Tests.Lifecycle;

/// <summary>Regression tests for the life-cycle defects of issue 7 (section 1: 1, 2, 3, 6, 7, 8).</summary>
public sealed class LifecycleDefectTests
{
    private static ScriptedSettings Settings(TimeSpan startupTimeout, TimeSpan? retryDelay = null) => new()
    {
        StartupTimeout = startupTimeout,
        RetryDelay = retryDelay ?? TimeSpan.FromMilliseconds(50),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    private static Task<ScriptedClient> Up() => Task.FromResult(new ScriptedClient());

    // Defect 1: the retry delay's cancellation escaped the catch that cleans up.
    [Fact]
    public async Task A_start_up_cancelled_during_the_retry_delay_is_Created_again_with_Ready_cancelled_and_can_start_again()
    {
        var serverUp = false;
        var connection = new ScriptedConnection("delay", Settings(Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(30)),
            (_, ct) => Volatile.Read(ref serverUp) ? Up() : ScriptedConnection.Down(ct));
        using var cancel = new CancellationTokenSource();
        var starting = connection.ConfigureAsync(cancel.Token);
        await Wait.Until(() => connection.Errors.Count >= 1, "the first failed attempt");

        await cancel.CancelAsync();
        var ex = await Wait.ForFailure(starting);

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        Assert.Equal(ConnectionState.Created, connection.State);
        Assert.True(connection.Ready.IsCanceled);
        Assert.Contains(connection.Errors, e => e.GetOriginalException() is OperationCanceledException);

        Volatile.Write(ref serverUp, true);
        await Wait.For(connection.ConfigureAsync());
        Assert.Equal(ConnectionState.Ready, connection.State);
        Assert.True(connection.Ready.IsCompletedSuccessfully);
        await connection.CloseAsync();
    }

    // Defect 1: a retry delay larger than Task.Delay accepts threw ArgumentOutOfRangeException from inside the catch.
    [Fact]
    public async Task An_oversized_retry_delay_waits_instead_of_breaking_the_connection_and_can_be_cancelled()
    {
        var connection = new ScriptedConnection("huge", Settings(Timeout.InfiniteTimeSpan, TimeSpan.FromDays(1000)), (_, ct) => ScriptedConnection.Down(ct));
        using var cancel = new CancellationTokenSource();
        var starting = connection.ConfigureAsync(cancel.Token);
        await Wait.Until(() => connection.Errors.Count >= 1, "the first failed attempt");
        await Task.Delay(200);

        Assert.False(starting.IsCompleted, starting.Exception?.ToString());
        Assert.Equal(ConnectionState.Configuring, connection.State);
        await cancel.CancelAsync();
        Assert.IsAssignableFrom<OperationCanceledException>(await Wait.ForFailure(starting));
        Assert.Equal(ConnectionState.Created, connection.State);
        Assert.True(connection.Ready.IsCanceled);
    }

    // Defect 1 and 7: an Error handler that throws during start-up broke the start-up.
    [Fact]
    public async Task An_Error_handler_that_throws_during_start_up_is_logged_and_start_up_goes_on()
    {
        var logs = new CapturingLoggerFactory();
        var connection = new ScriptedConnection("handler", Settings(TimeSpan.FromMinutes(1)), (attempt, ct) => attempt < 3 ? ScriptedConnection.Down(ct) : Up())
        {
            Logger = logs.CreateLogger("test"),
        };
        var seen = 0;
        connection.Error += (_, _) => throw new InvalidOperationException("handler bug");
        connection.Error += (_, _) => Interlocked.Increment(ref seen);

        await Wait.For(connection.ConfigureAsync());

        Assert.Equal(ConnectionState.Ready, connection.State);
        Assert.Equal(2, Volatile.Read(ref seen));
        Assert.Contains(logs.Lines, l => l.Contains("handler bug", StringComparison.Ordinal));
        await connection.CloseAsync();
    }

    // Defect 7: an Error handler raised on an adapter's own thread (a reader, a timer) must not kill the process.
    [Fact]
    public void An_Error_handler_that_throws_on_a_run_time_error_is_isolated_and_the_next_handler_still_runs()
    {
        var logs = new CapturingLoggerFactory();
        var connection = new ScriptedConnection("runtime", Settings(TimeSpan.FromSeconds(5)), (_, _) => Up()) { Logger = logs.CreateLogger("test") };
        var seen = 0;
        connection.Error += (_, _) => throw new InvalidOperationException("handler bug");
        connection.Error += (_, _) => seen++;

        var error = connection.Report(new IOException("server went away"));

        Assert.Equal("server", error.Phase);
        Assert.Equal(1, seen);
        Assert.Contains(logs.Lines, l => l.Contains("handler bug", StringComparison.Ordinal) && l.Contains("Warning", StringComparison.Ordinal));
    }

    // Defect 2: an attempt that never ends held start-up for ever.
    [Fact]
    public async Task An_attempt_the_driver_never_ends_is_abandoned_at_the_start_up_deadline()
    {
        var connection = new ScriptedConnection("stuck", Settings(TimeSpan.FromSeconds(1)), (_, ct) => ScriptedConnection.Stuck(ct));
        var clock = Stopwatch.StartNew();

        var ex = await Wait.ForFailure(connection.ConfigureAsync());

        var startup = Assert.IsType<BackendStartupException>(ex);
        Assert.Contains("startupTimeout", startup.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, connection.State);
        Assert.True(connection.Ready.IsFaulted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"start-up ended after {clock.Elapsed}");
    }

    // Defect 2: a ping that never answers (a server that went silent after the handshake).
    [Fact]
    public async Task A_ping_that_never_answers_ends_when_the_caller_cancels()
    {
        var silent = false;
        var connection = new ScriptedConnection("silent", Settings(TimeSpan.FromSeconds(5)),
            (_, _) => Task.FromResult(new ScriptedClient { Ping = ct => Volatile.Read(ref silent) ? new ValueTask(ScriptedConnection.Stuck(ct)) : ValueTask.CompletedTask }));
        await Wait.For(connection.ConfigureAsync());
        Volatile.Write(ref silent, true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var ex = await Wait.ForFailure(connection.PingAsync(timeout.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(ex);
        await connection.CloseAsync();
    }

    // Defect 3: a permanent failure waited for a connection that retries for ever.
    [Fact]
    public async Task A_permanent_failure_fails_InitializeAsync_at_once_and_cancels_the_others()
    {
        var wrong = new ScriptedConnection("wrong", Settings(TimeSpan.FromMinutes(1)),
            (_, _) => Task.FromException<ScriptedClient>(new PermanentFailureException("Access denied for user 'app'")));
        var forever = new ScriptedConnection("forever", Settings(Timeout.InfiniteTimeSpan), (_, ct) => ScriptedConnection.Down(ct));
        var fine = new ScriptedConnection("fine", Settings(TimeSpan.FromMinutes(1)), (_, _) => Up());
        await using var registry = new BackendRegistry([wrong, forever, fine]);

        var ex = await Wait.ForFailure(registry.InitializeAsync());

        var startup = Assert.IsType<BackendStartupException>(ex);
        Assert.Equal("scripted.wrong", startup.Connection);
        Assert.Contains("Access denied", startup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted.forever", startup.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, wrong.State);
        Assert.Equal(ConnectionState.Created, forever.State);
        Assert.True(forever.Ready.IsCanceled);
    }

    // Defect 6: the old start-up completed Ready after releasing the lock, so it could fault a newer start-up's Ready.
    [Fact]
    public async Task A_restart_begun_while_the_old_start_up_faults_gets_its_own_Ready()
    {
        ScriptedConnection? connection = null;
        Task? restart = null;
        var logs = new HookLoggerFactory(level =>
        {
            if (level == LogLevel.Error && restart is null)
            {
                restart = connection!.ConfigureAsync();
            }
        });
        connection = new ScriptedConnection("race", Settings(TimeSpan.FromMinutes(1)),
            (attempt, _) => attempt == 1 ? Task.FromException<ScriptedClient>(new PermanentFailureException("first run fails")) : Up())
        {
            Logger = logs.CreateLogger("test"),
        };

        await Assert.ThrowsAsync<BackendStartupException>(() => Wait.For(connection.ConfigureAsync()));
        Assert.NotNull(restart);
        await Wait.For(restart);

        Assert.Equal(ConnectionState.Ready, connection.State);
        Assert.True(connection.Ready.IsCompletedSuccessfully, $"Ready is {connection.Ready.Status} while the state is {connection.State}");
        await connection.CloseAsync();
    }

    // Defect 6: a faulted Ready that nobody awaits raised TaskScheduler.UnobservedTaskException.
    [Fact]
    public async Task A_faulted_Ready_nobody_awaits_is_not_an_unobserved_task_exception()
    {
        var name = "unobserved-" + Guid.NewGuid().ToString("N")[..8];
        var unobserved = new List<string>();
        EventHandler<UnobservedTaskExceptionEventArgs> handler = (_, e) =>
        {
            lock (unobserved)
            {
                unobserved.Add(e.Exception.ToString());
            }
        };
        TaskScheduler.UnobservedTaskException += handler;
        try
        {
            await FaultAndForgetAsync(name);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            lock (unobserved)
            {
                Assert.DoesNotContain(unobserved, e => e.Contains(name, StringComparison.Ordinal));
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= handler;
        }
    }

    private static async Task FaultAndForgetAsync(string name)
    {
        var connection = new ScriptedConnection(name, Settings(TimeSpan.FromMinutes(1)),
            (_, _) => Task.FromException<ScriptedClient>(new PermanentFailureException(name + " refused")));
        try
        {
            await connection.ConfigureAsync();
        }
        catch (BackendStartupException)
        {
            // expected; Ready is left faulted and never awaited
        }
    }

    // Defect 8: a duration too large for TimeSpan threw a bare OverflowException.
    [Theory]
    [InlineData("1e12s")]
    [InlineData("1e300")]
    [InlineData("99999999999999d")]
    public void A_duration_too_large_names_the_key_and_what_to_write(string text)
    {
        var ex = Assert.Throws<BackendConfigurationException>(() => SettingValue.ParseDuration(text, "mysql:demo:connectTimeout"));
        Assert.Contains("Backends:mysql:demo:connectTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("infinite", ex.Message, StringComparison.Ordinal);
    }

    private sealed class HookLoggerFactory(Action<LogLevel> onLog) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new HookLogger(onLog);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class HookLogger(Action<LogLevel> onLog) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                onLog(logLevel);
        }
    }
}
