using System.Collections.Concurrent;
using Backends.Runtime;
using Backends.Testing;
using Microsoft.Extensions.Logging;

namespace Backends.Runtime.Tests.Lifecycle;

/// <summary>Optional connections, the attempt counter and the start-up log (event IDs, no flooding).</summary>
public sealed class StartupPolicyTests
{
    private static ScriptedSettings Settings(bool optional = false) => new()
    {
        StartupTimeout = TimeSpan.FromSeconds(1),
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        Optional = optional,
    };

    [Fact]
    public async Task An_optional_connection_does_not_hold_InitializeAsync_and_retries_past_its_startupTimeout_until_it_is_up()
    {
        var up = false;
        var optional = new ScriptedConnection("optional", Settings(optional: true),
            (_, ct) => Volatile.Read(ref up) ? Task.FromResult(new ScriptedClient()) : ScriptedConnection.Down(ct));
        var required = new ScriptedConnection("required", Settings(), (_, _) => Task.FromResult(new ScriptedClient()));
        await using var registry = new BackendRegistry([optional, required]);

        await Wait.For(registry.InitializeAsync());

        Assert.True(optional.IsOptional);
        Assert.False(required.IsOptional);
        Assert.Equal(ConnectionState.Ready, required.State);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the 1 s startupTimeout, which an optional connection does not have
        Assert.Equal(ConnectionState.Configuring, optional.State);
        var errors = optional.Errors.Count;
        var attempts = optional.Attempts;
        Assert.True(attempts > 5, $"{attempts} attempts");
        Assert.InRange(errors, attempts - 2, attempts); // an attempt in flight (or one begun between the two reads) has no error yet

        Volatile.Write(ref up, true);
        await Wait.For(optional.Ready);
        Assert.Equal(ConnectionState.Ready, optional.State);
    }

    [Fact]
    public async Task An_optional_connection_that_fails_permanently_does_not_fail_InitializeAsync()
    {
        var optional = new ScriptedConnection("broken", Settings(optional: true),
            (_, _) => Task.FromException<ScriptedClient>(new PermanentFailureException("Access denied")));
        await using var registry = new BackendRegistry([optional]);

        await Wait.For(registry.InitializeAsync());

        await Assert.ThrowsAsync<BackendStartupException>(() => Wait.For(optional.Ready));
        Assert.Equal(ConnectionState.Faulted, optional.State);
    }

    [Fact]
    public async Task Start_up_logs_one_Warning_then_Debug_per_retry_then_Information_with_the_attempts_and_the_outage()
    {
        var logs = new EventLog();
        var connection = new ScriptedConnection("logged", new ScriptedSettings { StartupTimeout = TimeSpan.FromMinutes(1), RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(40) },
            (attempt, ct) => attempt < 6 ? ScriptedConnection.Down(ct) : Task.FromResult(new ScriptedClient()))
        {
            Logger = logs,
        };

        await Wait.For(connection.ConfigureAsync());

        Assert.Equal(6, connection.Attempts);
        var entries = logs.Entries.ToArray();
        var warning = Assert.Single(entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal((2, "BackendUnavailable"), (warning.Id.Id, warning.Id.Name));
        Assert.Contains("scripted.logged is unavailable", warning.Message, StringComparison.Ordinal);
        Assert.Equal(4, entries.Count(e => e.Level == LogLevel.Debug && e.Id.Id == 4));
        var ready = Assert.Single(entries, e => e.Level == LogLevel.Information);
        Assert.Equal((5, "BackendRecovered"), (ready.Id.Id, ready.Id.Name));
        Assert.Contains("after 6 attempts", ready.Message, StringComparison.Ordinal);
        Assert.Matches(@"and \d+ ms unavailable", ready.Message);
        await connection.CloseAsync();
    }

    [Fact]
    public async Task A_start_up_that_gives_up_logs_an_Error_with_event_3()
    {
        var logs = new EventLog();
        var connection = new ScriptedConnection("gives-up", Settings(), (_, ct) => ScriptedConnection.Down(ct)) { Logger = logs };

        var ex = await Wait.ForFailure(connection.ConfigureAsync());

        Assert.IsType<BackendStartupException>(ex);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(3, error.Id.Id);
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(connection.Attempts + 1, connection.Errors.Count); // every attempt, then the deadline
    }

    private sealed class EventLog : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}
