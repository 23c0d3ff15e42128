using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backends.Runtime;

/// <summary>
/// The base of every adapter's connection handle: life cycle, start-up with retry and backoff, error keeping and
/// redaction. An adapter supplies how to create, ping and dispose its native client.
/// </summary>
/// <typeparam name="TInstance">The native client type.</typeparam>
public abstract partial class BackendConnection<TInstance> : IBackendConnection, ILoggingConnection
    where TInstance : class
{
    private const int MaxKeptErrors = 100;

    private readonly Func<BackendSettings> _createSettings;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<BackendError> _errors = [];
    private readonly Lock _gate = new();
    private BackendSettings? _settings;
    private TInstance? _instance;
    private Task? _configuring;
    private CancellationTokenSource? _closing;
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
    public Task Ready => _ready.Task;

    /// <inheritdoc />
    public IReadOnlyList<BackendError> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Where this connection logs; set by the registry or DI. Messages are redacted.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <inheritdoc />
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
    public Task ConfigureAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                throw new ObjectDisposedException(Name, $"{Name} is closed; create a new registry to connect again.");
            }

            if (_configuring is null)
            {
                if (_ready.Task.IsCompleted)
                {
                    // A new attempt after a fault or a cancelled start-up gets a fresh Ready task.
                    _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                _state = ConnectionState.Configuring;
                _closing = new CancellationTokenSource();
                _configuring = ConfigureCoreAsync(cancellationToken);
            }

            return _configuring;
        }
    }

    private async Task ConfigureCoreAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing!.Token);
        var token = linked.Token;

        BackendSettings settings;
        try
        {
            settings = Config;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fault(Record(ex, "settings", transient: false));
            throw;
        }

        var started = Stopwatch.GetTimestamp();
        var delay = settings.RetryDelay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            TInstance? instance = null;
            try
            {
                token.ThrowIfCancellationRequested();
                instance = await CreateInstanceAsync(token).ConfigureAwait(false);
                await PingInstanceAsync(instance, token).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_state == ConnectionState.Closed)
                    {
                        throw new OperationCanceledException($"{Name} was closed during start-up.");
                    }

                    _instance = instance;
                    _state = ConnectionState.Ready;
                }

                LogReady(Logger, Name, attempt);
                _ready.TrySetResult();
                return;
            }
            catch (OperationCanceledException oce) when (token.IsCancellationRequested)
            {
                await DisposeQuietlyAsync(instance).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_state != ConnectionState.Closed)
                    {
                        // Cancelled, not failed: the connection can be configured again.
                        _state = ConnectionState.Created;
                    }

                    _configuring = null;
                }

                _ready.TrySetCanceled(oce.CancellationToken);
                throw;
            }
            catch (Exception ex)
            {
                await DisposeQuietlyAsync(instance).ConfigureAwait(false);
                var transient = IsTransient(ex);
                var error = Record(ex, "configure", transient);
                var elapsed = Stopwatch.GetElapsedTime(started);
                var deadline = settings.StartupTimeout;
                if (!transient)
                {
                    Fault(error);
                    throw new BackendStartupException(Name, $"{Name} failed to start: {error.Message}", error.Exception);
                }

                if (deadline != Timeout.InfiniteTimeSpan && elapsed + delay > deadline)
                {
                    var timeout = new BackendStartupException(
                        Name,
                        $"{Name} did not come up within its startupTimeout of {deadline.TotalSeconds:0.###} s ({attempt} attempts); last error: {error.Message}",
                        error.Exception);
                    Fault(Record(timeout, "configure", transient: false));
                    throw timeout;
                }

                LogRetry(Logger, Name, attempt, (long)delay.TotalMilliseconds, error.Message);
                await Task.Delay(Jitter(delay), token).ConfigureAwait(false);
                var max = settings.MaxRetryDelay < delay ? delay : settings.MaxRetryDelay;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks));
            }
        }
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var instance = Instance;
        try
        {
            await PingInstanceAsync(instance, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Record(ex, "ping", IsTransient(ex)).Exception;
        }
    }

    /// <inheritdoc />
    public async Task CloseAsync()
    {
        TInstance? instance;
        Task? configuring;
        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                return;
            }

            _state = ConnectionState.Closed;
            instance = _instance;
            _instance = null;
            configuring = _configuring;
            _closing?.Cancel();
        }

        if (configuring is not null)
        {
            try
            {
                await configuring.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or BackendStartupException or BackendConfigurationException)
            {
                // Start-up was cut short by the close; its outcome is already recorded.
            }
        }

        _ready.TrySetCanceled();
        if (instance is not null)
        {
            try
            {
                await DisposeInstanceAsync(instance).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Record(ex, "close", transient: false);
            }
        }

        _closing?.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Records an error raised while using the native client (after start-up), for <see cref="Errors"/> and <see cref="Error"/>.</summary>
    protected BackendError ReportError(Exception exception, string phase) => Record(exception, phase, IsTransient(exception));

    /// <summary>Replaces every secret of this connection's settings in <paramref name="message"/> with <c>***</c>.</summary>
    protected string Redact(string message) => Redactor.For(_settings).Redact(message);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_state})";

    private BackendError Record(Exception exception, string phase, bool transient)
    {
        var error = BackendError.Create(Name, phase, exception, transient, Redactor.For(_settings));
        lock (_errors)
        {
            if (_errors.Count == MaxKeptErrors)
            {
                _errors.RemoveAt(0);
            }

            _errors.Add(error);
        }

        Error?.Invoke(this, new BackendErrorEventArgs(error));
        return error;
    }

    private void Fault(BackendError error)
    {
        lock (_gate)
        {
            if (_state != ConnectionState.Closed)
            {
                _state = ConnectionState.Faulted;
            }

            _configuring = null;
        }

        LogFaulted(Logger, Name, error.Message);
        _ready.TrySetException(new BackendStartupException(Name, error.Message, error.Exception));
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
        catch (Exception ex)
        {
            Record(ex, "close", transient: false);
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4))));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Connection} is ready after {Attempts} attempt(s)")]
    private static partial void LogReady(ILogger logger, string connection, int attempts);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Connection} attempt {Attempt} failed, retrying in {DelayMs} ms: {Error}")]
    private static partial void LogRetry(ILogger logger, string connection, int attempt, long delayMs, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Connection} is faulted: {Error}")]
    private static partial void LogFaulted(ILogger logger, string connection, string error);
}
