using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backends.Runtime;

/// <summary>
/// The base of every adapter's connection handle: life cycle, start-up with retry and backoff, error keeping and
/// redaction. An adapter supplies how to create, ping and dispose its native client.
/// </summary>
/// <remarks>
/// <para>Start-up (<see cref="ConfigureAsync"/>) runs attempts (create the native client, ping it) until one succeeds,
/// an error waiting cannot fix is met, or <see cref="BackendSettings.StartupTimeout"/> passes. Every attempt is bounded
/// by the deadline and by <see cref="BackendSettings.AttemptTimeout"/>; an attempt that a driver does not stop when
/// cancelled is abandoned (its native client is disposed if it ever appears), so start-up ends at the deadline plus at
/// most one retry delay whatever the driver does.</para>
/// <para>Every change of <see cref="State"/> and every completion of <see cref="Ready"/> happens under one lock and only
/// by the start-up run that owns them, so an old run can never complete a newer run's <see cref="Ready"/>.</para>
/// </remarks>
/// <typeparam name="TInstance">The native client type.</typeparam>
public abstract partial class BackendConnection<TInstance> : IBackendConnection, ILoggingConnection
    where TInstance : class
{
    // Task.Delay and CancellationTokenSource.CancelAfter accept at most int.MaxValue milliseconds (about 24.8 days):
    // longer waits (and "infinite" retry delays) are clamped to it.
    private static readonly TimeSpan s_longestWait = TimeSpan.FromMilliseconds(int.MaxValue);
    private static readonly TimeSpan s_shortestRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly Func<BackendSettings> _createSettings;
    private readonly ErrorLog _errors = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _ready = NewReady();
    private BackendSettings? _settings;
    private TInstance? _instance;
    private StartupRun? _run;
    private CancellationTokenSource? _stop;
    private int _attempts;
    private volatile ConnectionState _state = ConnectionState.Created;

    /// <summary>Creates the handle; nothing connects until <see cref="ConfigureAsync"/>.</summary>
    /// <param name="backend">The kind, <c>"mysql"</c>.</param>
    /// <param name="name">The connection's name within its kind, <c>"demo"</c>.</param>
    /// <param name="createSettings">Creates the resolved settings on first use.</param>
    protected BackendConnection(string backend, string name, Func<BackendSettings> createSettings)
    {
        ArgumentException.ThrowIfNullOrEmpty(backend);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Backend = backend;
        ConnectionName = name;
        Name = backend + "." + name;
        _createSettings = createSettings ?? throw new ArgumentNullException(nameof(createSettings));
        ConnectionTelemetry.Track(this);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Backend { get; }

    /// <inheritdoc />
    public string ConnectionName { get; }

    /// <inheritdoc />
    public BackendSettings Config
    {
        get
        {
            if (_settings is { } settings)
            {
                return settings;
            }

            lock (_gate)
            {
                return _settings ??= _createSettings();
            }
        }
    }

    /// <summary>The native client. Throws <see cref="InvalidOperationException"/> until the connection is ready.</summary>
    public TInstance Instance => _instance ?? throw new InvalidOperationException(
        $"{Name} is not ready (state {_state}): await Db.InitializeAsync() or {Name}'s Ready task before using it.");

    object IBackendConnection.Instance => Instance;

    /// <inheritdoc />
    public ConnectionState State => _state;

    /// <inheritdoc />
    public bool IsReady => _state == ConnectionState.Ready;

    /// <inheritdoc />
    /// <remarks>Settings that cannot be read count as required, so that start-up reports them.</remarks>
    public bool IsOptional
    {
        get
        {
            try
            {
                return Config.Optional;
            }
            catch (BackendConfigurationException)
            {
                return false;
            }
        }
    }

    /// <inheritdoc />
    public Task Ready
    {
        get
        {
            lock (_gate)
            {
                return _ready.Task;
            }
        }
    }

    /// <summary>The attempts the current (or the last) start-up has made so far; 0 before the first.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <inheritdoc />
    public IReadOnlyList<BackendError> Errors => _errors.Snapshot();

    /// <summary>Where this connection logs; set by the registry or DI. Messages are redacted.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <inheritdoc />
    /// <remarks>
    /// Handlers run on whatever thread met the error (a start-up attempt, a driver's reader or timer thread). An
    /// exception a handler throws is caught and logged (event 7), and the other handlers still run.
    /// </remarks>
    public event EventHandler<BackendErrorEventArgs>? Error;

    /// <summary>Creates and opens the native client. Called once per start-up attempt.</summary>
    protected abstract ValueTask<TInstance> CreateInstanceAsync(CancellationToken cancellationToken);

    /// <summary>Checks that the server answers through <paramref name="instance"/>.</summary>
    protected abstract ValueTask PingInstanceAsync(TInstance instance, CancellationToken cancellationToken);

    /// <summary>Disposes the native client; by default through <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</summary>
    protected virtual ValueTask DisposeInstanceAsync(TInstance instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                return asyncDisposable.DisposeAsync();
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Whether start-up should retry after <paramref name="exception"/>. Return <see langword="false"/> for errors
    /// waiting cannot fix (bad credentials, unknown database); the default retries everything but configuration errors.
    /// </summary>
    protected virtual bool IsTransient(Exception exception) => exception is not BackendConfigurationException;

    /// <inheritdoc />
    /// <remarks>
    /// While a start-up runs, every call returns its task (and <paramref name="cancellationToken"/> of a later call is
    /// not used). Cancelling the token of the call that started it leaves the connection <see cref="ConnectionState.Created"/>,
    /// its <see cref="Ready"/> cancelled and the cancellation recorded in <see cref="Errors"/>; it can be started again.
    /// </remarks>
    public Task ConfigureAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                throw new ObjectDisposedException(Name, $"{Name} is closed; create a new registry to connect again.");
            }

            if (_run?.Task is { } running)
            {
                return running;
            }

            if (_ready.Task.IsCompleted)
            {
                // A new start-up after a fault or a cancelled one gets a fresh Ready task.
                _ready = NewReady();
            }

            // The previous run has ended (it cleared _run under this lock), so nothing uses its stop source any more.
            _stop?.Dispose();
            _stop = new CancellationTokenSource();
            var run = new StartupRun(_ready, _stop.Token);
            _state = ConnectionState.Configuring;
            _attempts = 0;
            _run = run;
            run.Task = RunAsync(run, cancellationToken);

            // InitializeAsync does not await optional connections: the task's exception must not go unobserved.
            _ = run.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return run.Task;
        }
    }

    private async Task RunAsync(StartupRun run, CancellationToken cancellationToken)
    {
        await Task.Yield(); // never run the first attempt inside ConfigureAsync's lock
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, run.Stop);
        var token = linked.Token;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var settings = ReadSettings();
            var deadline = settings.Optional ? Timeout.InfiniteTimeSpan : settings.StartupTimeout;
            using var deadlineSource = deadline == Timeout.InfiniteTimeSpan || deadline > s_longestWait
                ? new CancellationTokenSource()
                : new CancellationTokenSource(deadline);
            var delay = Clamp(settings.RetryDelay, s_shortestRetryDelay);
            var maxDelay = settings.MaxRetryDelay == Timeout.InfiniteTimeSpan ? s_longestWait : Clamp(settings.MaxRetryDelay, delay);
            BackendError? lastError = null;
            for (var attempt = 1; ; attempt++)
            {
                token.ThrowIfCancellationRequested();
                Volatile.Write(ref _attempts, attempt);
                TInstance instance;
                try
                {
                    instance = await AttemptAsync(attempt, settings, token, deadlineSource.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    var pastDeadline = deadlineSource.IsCancellationRequested;
                    if (pastDeadline && ex is OperationCanceledException)
                    {
                        // The deadline cut this attempt short: that is the deadline's error, not a new one from the server.
                        var cut = new BackendStartupException(
                            Name,
                            string.Create(CultureInfo.InvariantCulture, $"{Name} did not come up within its startupTimeout of {deadline.TotalSeconds:0.###} s ({attempt} attempts, the last cut short at the deadline); last error: {lastError?.Message ?? "none"}"),
                            lastError?.Exception ?? Redactor.For(_settings).Wrap(ex));
                        Record(cut, "configure", transient: false);
                        throw cut;
                    }

                    var transient = pastDeadline || ex is TimeoutException || IsTransientSafely(ex);
                    var error = Record(ex, "configure", transient);
                    lastError = error;
                    if (!transient)
                    {
                        throw new BackendStartupException(Name, $"{Name} failed to start: {error.Message}", error.Exception);
                    }

                    // The jittered wait is decided first, so that no attempt starts past the deadline.
                    var wait = Jitter(delay);
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (pastDeadline || (deadline != Timeout.InfiniteTimeSpan && elapsed + wait > deadline))
                    {
                        var timeout = new BackendStartupException(
                            Name,
                            string.Create(CultureInfo.InvariantCulture, $"{Name} did not come up within its startupTimeout of {deadline.TotalSeconds:0.###} s ({attempt} attempts); last error: {error.Message}"),
                            error.Exception);
                        Record(timeout, "configure", transient: false);
                        throw timeout;
                    }

                    if (attempt == 1)
                    {
                        LogUnavailable(
                            Logger,
                            Name,
                            settings.Optional ? "in the background until it answers"
                                : deadline == Timeout.InfiniteTimeSpan ? "until it answers"
                                : string.Create(CultureInfo.InvariantCulture, $"for up to its startupTimeout of {deadline.TotalSeconds:0.###} s"),
                            error.Message);
                    }
                    else
                    {
                        LogRetry(Logger, Name, attempt, (long)delay.TotalMilliseconds, error.Message);
                    }

                    await Task.Delay(wait, token).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
                    continue;
                }

                var handedOut = false;
                lock (_gate)
                {
                    if (_state != ConnectionState.Closed && ReferenceEquals(_run, run))
                    {
                        _instance = instance;
                        _state = ConnectionState.Ready;
                        run.Ready.TrySetResult();
                        handedOut = true;
                    }
                }

                if (!handedOut)
                {
                    // Closed while the last attempt finished: the client is not handed out.
                    await DisposeQuietlyAsync(instance).ConfigureAwait(false);
                    throw new OperationCanceledException($"{Name} was closed during start-up.");
                }

                var took = Stopwatch.GetElapsedTime(started);
                if (attempt == 1)
                {
                    LogReady(Logger, Name);
                }
                else
                {
                    LogRecovered(Logger, Name, attempt, (long)took.TotalMilliseconds);
                }

                ConnectionTelemetry.RecordStartup(this, took, "ready");
                return;
            }
        }
        catch (Exception ex) when (token.IsCancellationRequested || _state == ConnectionState.Closed)
        {
            // Cancelled by the caller or by CloseAsync, whichever await it hit: not a failure, the connection can start again.
            var closed = false;
            lock (_gate)
            {
                if (ReferenceEquals(_run, run))
                {
                    _run = null;
                }

                if (_state == ConnectionState.Closed)
                {
                    closed = true;
                }
                else
                {
                    _state = ConnectionState.Created;
                }

                run.Ready.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : CancellationToken.None);
            }

            var cancelled = new OperationCanceledException(
                closed ? $"{Name} was closed during start-up." : $"{Name}: start-up was cancelled after {Attempts} attempt(s).",
                ex is OperationCanceledException ? null : Redactor.For(_settings).Wrap(ex),
                cancellationToken);
            Record(cancelled, "configure", transient: true);
            LogCancelled(Logger, Name, Attempts);
            ConnectionTelemetry.RecordStartup(this, Stopwatch.GetElapsedTime(started), "cancelled");
            throw cancelled;
        }
        catch (Exception ex)
        {
            // A permanent error, the deadline, or anything unexpected (bad settings): the run ends Faulted, never stuck.
            // A BackendStartupException here was decided (and recorded) in the loop; anything else is recorded now.
            BackendStartupException failure;
            if (ex is BackendStartupException decided)
            {
                failure = decided;
            }
            else
            {
                var error = Record(ex, ex is BackendConfigurationException ? "settings" : "configure", transient: false);
                failure = new BackendStartupException(Name, $"{Name} failed to start: {error.Message}", error.Exception);
            }

            lock (_gate)
            {
                if (ReferenceEquals(_run, run))
                {
                    _run = null;
                }

                if (_state != ConnectionState.Closed)
                {
                    _state = ConnectionState.Faulted;
                }

                run.Ready.TrySetException(failure);
            }

            LogFaulted(Logger, Name, Redact(failure.Message));
            ConnectionTelemetry.RecordStartup(this, Stopwatch.GetElapsedTime(started), "faulted");
            throw failure;
        }
    }

    /// <summary>One attempt: create and ping on the thread pool, bounded by the deadline and attemptTimeout.</summary>
    private async Task<TInstance> AttemptAsync(int attempt, BackendSettings settings, CancellationToken token, CancellationToken deadline)
    {
        using var activity = ConnectionTelemetry.StartSpan(ConnectionTelemetry.ConfigureSpan, this);
        activity?.SetTag(ConnectionTelemetry.AttemptTag, attempt);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token, deadline);
        var attemptTimeout = settings.AttemptTimeout;
        if (attemptTimeout != Timeout.InfiniteTimeSpan && attemptTimeout <= s_longestWait)
        {
            limit.CancelAfter(attemptTimeout);
        }

        var work = Task.Run(() => CreateAndPingAsync(limit.Token), CancellationToken.None);
        try
        {
            var instance = await work.WaitAsync(limit.Token).ConfigureAwait(false);
            ConnectionTelemetry.RecordAttempt(this, success: true);
            return instance;
        }
        catch (Exception ex)
        {
            ConnectionTelemetry.RecordAttempt(this, success: false);
            ConnectionTelemetry.Fail(activity, ex, Redact(ex.Message));
            if (!work.IsCompleted)
            {
                // The driver did not stop when cancelled: leave it, and dispose what it produces if it ever finishes.
                LogAbandoned(Logger, Name, attempt);
                _ = AbandonAsync(work);
            }

            if (ex is OperationCanceledException && !token.IsCancellationRequested && !deadline.IsCancellationRequested)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{Name}: the attempt did not finish within its attemptTimeout of {attemptTimeout.TotalSeconds:0.###} s."), ex);
            }

            throw;
        }
    }

    private async Task<TInstance> CreateAndPingAsync(CancellationToken cancellationToken)
    {
        TInstance? instance = null;
        try
        {
            instance = await CreateInstanceAsync(cancellationToken).ConfigureAwait(false);
            await PingInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            await DisposeQuietlyAsync(instance).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbandonAsync(Task<TInstance> work)
    {
        try
        {
            var instance = await work.ConfigureAwait(false);
            await DisposeQuietlyAsync(instance).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the attempt was already reported as failed; how it ends later changes nothing
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Bounded by <paramref name="cancellationToken"/> and by <see cref="BackendSettings.AttemptTimeout"/> (then a
    /// <see cref="TimeoutException"/>): a driver that does not stop when cancelled (a server that went silent) is left
    /// behind, so the call returns in time.
    /// </remarks>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var instance = Instance;
        using var activity = ConnectionTelemetry.StartSpan(ConnectionTelemetry.PingSpan, this);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Config.AttemptTimeout;
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= s_longestWait)
        {
            limit.CancelAfter(timeout);
        }

        var work = Task.Run(async () => await PingInstanceAsync(instance, limit.Token).ConfigureAwait(false), CancellationToken.None);
        try
        {
            await work.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (!work.IsCompleted)
            {
                _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            ConnectionTelemetry.Fail(activity, ex, Redact(ex.Message));
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var failure = ex is OperationCanceledException
                ? new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"{Name} did not answer a ping within its attemptTimeout of {timeout.TotalSeconds:0.###} s."), ex)
                : ex;
            throw Record(failure, "ping", failure is TimeoutException || IsTransientSafely(failure)).Exception;
        }
    }

    /// <inheritdoc />
    public async Task CloseAsync()
    {
        TInstance? instance;
        StartupRun? run;
        CancellationTokenSource? stop;
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                return;
            }

            _state = ConnectionState.Closed;
            instance = _instance;
            _instance = null;
            run = _run;
            stop = _stop;
            _stop = null;
        }

        using var activity = ConnectionTelemetry.StartSpan(ConnectionTelemetry.CloseSpan, this);

        // Cancelled outside the lock: cancellation callbacks (drivers', Task.Delay's) run synchronously.
        stop?.Cancel();
        if (run?.Task is { } configuring)
        {
            try
            {
                await configuring.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or BackendStartupException)
            {
                // Start-up was cut short by the close; its outcome is already recorded.
            }
        }

        lock (_gate)
        {
            _ready.TrySetCanceled();
        }

        if (instance is not null)
        {
            try
            {
                await DisposeInstanceAsync(instance).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a close never throws; the error is kept in Errors
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Record(ex, "close", transient: false);
                ConnectionTelemetry.Fail(activity, ex, Redact(ex.Message));
            }
        }

        stop?.Dispose();
        ConnectionTelemetry.Untrack(this);
        LogClosed(Logger, Name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Records an error raised while using the native client (after start-up), for <see cref="Errors"/> and <see cref="Error"/>.</summary>
    protected BackendError ReportError(Exception exception, string phase) => Record(exception, phase, IsTransientSafely(exception));

    /// <summary>Replaces every secret of this connection's settings in <paramref name="message"/> with <c>***</c>.</summary>
    protected string Redact(string message) => Redactor.For(_settings).Redact(message);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_state})";

    private BackendSettings ReadSettings()
    {
        try
        {
            return Config;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or BackendConfigurationException))
        {
            // Anything else a settings factory throws is still a settings problem, named as such.
            throw new BackendConfigurationException($"{Name}: its settings could not be read: {ex.Message}", ex);
        }
    }

    private bool IsTransientSafely(Exception exception)
    {
        try
        {
            return IsTransient(exception);
        }
#pragma warning disable CA1031 // an adapter's classifier that throws must not break start-up: retrying is the safe answer
        catch (Exception)
#pragma warning restore CA1031
        {
            return true;
        }
    }

    private BackendError Record(Exception exception, string phase, bool transient)
    {
        var error = BackendError.Create(Name, phase, exception, transient, Redactor.For(_settings));
        ConnectionTelemetry.RecordError(this, error);
        // The handler's exception itself is not logged: its message may quote an unredacted secret.
        _errors.Add(this, error, Error, ex => LogHandlerFailed(Logger, Name, ex.GetType().Name, Redact(ex.Message)));
        return error;
    }

    private async ValueTask DisposeQuietlyAsync(TInstance? instance)
    {
        if (instance is null)
        {
            return;
        }

        try
        {
            await DisposeInstanceAsync(instance).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // disposing a client that failed must not hide why it failed; the error is kept
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Record(ex, "close", transient: false);
        }
    }

    private static TaskCompletionSource NewReady()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A faulted Ready nobody awaits must not surface as TaskScheduler.UnobservedTaskException.
        _ = ready.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return ready;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan minimum) =>
        value == Timeout.InfiniteTimeSpan || value > s_longestWait ? s_longestWait : value < minimum ? minimum : value;

    private static TimeSpan Jitter(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min(s_longestWait.Ticks, (long)(delay.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4)))));

    /// <summary>One start-up: the Ready it completes, the token that stops it, its task.</summary>
    private sealed class StartupRun(TaskCompletionSource ready, CancellationToken stop)
    {
        public TaskCompletionSource Ready { get; } = ready;

        public CancellationToken Stop { get; } = stop;

        public Task? Task { get; set; }
    }

    [LoggerMessage(EventId = 1, EventName = "BackendReady", Level = LogLevel.Information, Message = "{Connection} is ready after 1 attempt")]
    private static partial void LogReady(ILogger logger, string connection);

    [LoggerMessage(EventId = 2, EventName = "BackendUnavailable", Level = LogLevel.Warning, Message = "{Connection} is unavailable, retrying {Until}: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string connection, string until, string error);

    [LoggerMessage(EventId = 3, EventName = "BackendFaulted", Level = LogLevel.Error, Message = "{Connection} is faulted: {Error}")]
    private static partial void LogFaulted(ILogger logger, string connection, string error);

    [LoggerMessage(EventId = 4, EventName = "BackendRetry", Level = LogLevel.Debug, Message = "{Connection} attempt {Attempt} failed, retrying in {DelayMs} ms: {Error}")]
    private static partial void LogRetry(ILogger logger, string connection, int attempt, long delayMs, string error);

    [LoggerMessage(EventId = 5, EventName = "BackendRecovered", Level = LogLevel.Information, Message = "{Connection} is ready after {Attempts} attempts and {OutageMs} ms unavailable")]
    private static partial void LogRecovered(ILogger logger, string connection, int attempts, long outageMs);

    [LoggerMessage(EventId = 6, EventName = "BackendStartupCancelled", Level = LogLevel.Information, Message = "{Connection} start-up was cancelled after {Attempts} attempt(s)")]
    private static partial void LogCancelled(ILogger logger, string connection, int attempts);

    [LoggerMessage(EventId = 7, EventName = "BackendErrorHandlerFailed", Level = LogLevel.Warning, Message = "An Error handler of {Connection} threw {ExceptionType}: {Error}")]
    private static partial void LogHandlerFailed(ILogger logger, string connection, string exceptionType, string error);

    [LoggerMessage(EventId = 8, EventName = "BackendAttemptAbandoned", Level = LogLevel.Debug, Message = "{Connection} attempt {Attempt} did not stop when cancelled; it is abandoned")]
    private static partial void LogAbandoned(ILogger logger, string connection, int attempt);

    [LoggerMessage(EventId = 9, EventName = "BackendClosed", Level = LogLevel.Debug, Message = "{Connection} is closed")]
    private static partial void LogClosed(ILogger logger, string connection);
}
