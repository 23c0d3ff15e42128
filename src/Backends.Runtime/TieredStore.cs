using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Backends.Runtime.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Backends.Runtime;

/// <summary>
/// A cache in front of a storage (<c>"stores"</c> in <c>backends.json</c>, <c>Db.Stores.Name</c>) that loses no write
/// it accepted. A set writes the cache and waits for it, and queues the storage write, which a background writer
/// carries out in order per key, retrying with backoff while storage is down. A get reads a value still queued for
/// storage first (read-your-writes), then the cache, then storage (one storage read per key at a time), and refills
/// the cache without making the caller wait.
/// </summary>
/// <remarks>
/// <para>The queue holds at most <see cref="TieredStoreSettings.MaxPendingWrites"/> writes; <see cref="SetAsync{T}"/>
/// and <see cref="DeleteAsync"/> wait for room when it is full. A write to a key whose previous write has not started
/// replaces it (the key's last value is what storage must end with).</para>
/// <para>Closing (<see cref="CloseAsync"/>, <c>Db.DisposeAsync()</c>, host shutdown) flushes for up to
/// <see cref="TieredStoreSettings.FlushTimeout"/>; writes still pending then are reported (the <see cref="Error"/> event,
/// <see cref="Errors"/>, a Critical log line with their count, and <c>backends.store.write_failures</c> tagged
/// <c>reason=abandoned</c>), never dropped in silence.</para>
/// <para>The cache is best-effort: a cache that is down or refuses a value fails neither a set nor a get (the error is
/// recorded, and the cache key is deleted best-effort so that it does not keep an older value).</para>
/// </remarks>
public sealed partial class TieredStore : IKeyValueStore, IBackendConnection, ILoggingConnection
{
    private const string Kind = "stores";

    private readonly IKeyValueStore _cache;
    private readonly IKeyValueStore _storage;
    private readonly TieredStoreSettings _settings;
    private readonly WriteBehindQueue _queue;
    private readonly ConcurrentDictionary<string, (long Version, Task<byte[]?> Read)> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ErrorLog _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task? _configuring;
    private Task? _writer;
    private Task? _closing;
    private volatile ConnectionState _state = ConnectionState.Created;
    private volatile bool _storageDown;
    private long _outageStarted;
    private Redactor? _redactor;

    /// <summary>Creates a store over <paramref name="cache"/> and <paramref name="storage"/>; nothing runs until <see cref="ConfigureAsync"/>.</summary>
    /// <param name="name">The store's name in the <c>"stores"</c> section, <c>"sessions"</c>; its full name is <c>"stores.sessions"</c>.</param>
    /// <param name="cache">The cache tier (a memcached handle, say). When it is an <see cref="IBackendConnection"/>, configuring the store configures it.</param>
    /// <param name="storage">The storage tier (a MySQL handle, say); idem.</param>
    /// <param name="settings">The store's settings; defaults when <see langword="null"/>.</param>
    /// <exception cref="BackendConfigurationException">A setting is out of range, or both tiers are the same store.</exception>
    public TieredStore(string name, IKeyValueStore cache, IKeyValueStore storage, TieredStoreSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(storage);
        ConnectionName = name;
        Name = Kind + "." + name;
        _settings = settings ?? new TieredStoreSettings();
        _settings.Validate(Name);
        if (ReferenceEquals(cache, storage))
        {
            throw new BackendConfigurationException($"{Name}: the cache and the storage are the same connection; a store needs two.");
        }

        _cache = cache;
        _storage = storage;
        _queue = new WriteBehindQueue(_settings.MaxPendingWrites, count => StoreTelemetry.Pending.Record(count, StoreTag));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Backend => Kind;

    /// <inheritdoc />
    public string ConnectionName { get; }

    /// <inheritdoc />
    public BackendSettings Config => _settings;

    /// <summary>The store's settings.</summary>
    public TieredStoreSettings Settings => _settings;

    /// <summary>The cache tier.</summary>
    public IKeyValueStore Cache => _cache;

    /// <summary>The storage tier.</summary>
    public IKeyValueStore Storage => _storage;

    /// <summary>The store itself: it has no native client of its own.</summary>
    public object Instance => this;

    /// <inheritdoc />
    public ConnectionState State => _state;

    /// <inheritdoc />
    public bool IsReady => _state == ConnectionState.Ready;

    /// <inheritdoc />
    /// <remarks>A store is never optional: it is up when its tiers are, and start-up waits for it.</remarks>
    public bool IsOptional => false;

    /// <inheritdoc />
    public Task Ready => _ready.Task;

    /// <summary>How many storage writes are accepted and not yet done.</summary>
    public int PendingWrites => _queue.Count;

    /// <summary>The most storage writes that were ever pending at once since the store was created.</summary>
    public int PeakPendingWrites => _queue.Peak;

    /// <summary>Whether the background writer's last storage write failed (storage is down, as far as the store can tell).</summary>
    public bool IsStorageDown => _storageDown;

    /// <summary>How long the last storage outage lasted, from the first failed background write to the next one that succeeded.</summary>
    public TimeSpan? LastOutage { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<BackendError> Errors => _errors.Snapshot();

    /// <summary>Where the store logs; set by the registry or DI.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <inheritdoc />
    public event EventHandler<BackendErrorEventArgs>? Error;

    private KeyValuePair<string, object?> StoreTag => new("store", Name);

    /// <summary>Configures both tiers (the same start-up their own handles run) and starts the background writer.</summary>
    public Task ConfigureAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_state == ConnectionState.Closed, this);
            if (_configuring is null || _configuring.IsFaulted || _configuring.IsCanceled)
            {
                _state = ConnectionState.Configuring;
                _configuring = ConfigureCoreAsync(cancellationToken);
            }

            return _configuring;
        }
    }

    private async Task ConfigureCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(
                _cache is IBackendConnection cache ? cache.ConfigureAsync(cancellationToken) : Task.CompletedTask,
                _storage is IBackendConnection storage ? storage.ConfigureAsync(cancellationToken) : Task.CompletedTask).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (_state != ConnectionState.Closed)
                {
                    _state = ex is OperationCanceledException ? ConnectionState.Created : ConnectionState.Faulted;
                }
            }

            if (ex is not OperationCanceledException)
            {
                Record(ex, "configure", transient: false);
            }

            throw;
        }

        lock (_gate)
        {
            if (_state == ConnectionState.Closed)
            {
                throw new OperationCanceledException($"{Name} was closed during start-up.");
            }

            _writer ??= Task.Run(() => WriteBehindAsync(_lifetime.Token), CancellationToken.None);
            _state = ConnectionState.Ready;
        }

        _ready.TrySetResult();
    }

    /// <summary>Pings storage (the tier a store cannot do without); a cache that does not answer is recorded, not thrown.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        EnsureReady();
        if (_cache is IBackendConnection cache)
        {
            try
            {
                await cache.PingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Record(ex, "cache-ping", transient: true);
            }
        }

        if (_storage is IBackendConnection storage)
        {
            await storage.PingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        var bytes = await GetBytesAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? default : JsonSerializer.Deserialize(bytes, type);
    }

    /// <inheritdoc />
    public ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        KeyValueKey.Validate(key);
        KeyValueTables.TimeToLive(ttl);
        return SetCoreAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, type), ttl, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        KeyValueTables.TimeToLive(ttl);
        return SetCoreAsync(key, value.ToArray(), ttl, cancellationToken);
    }

    /// <summary>
    /// Reads the value still queued for storage, then the cache, then storage. A cache that fails is a miss (the error
    /// is recorded); a storage that fails throws, since there is nowhere else to read from.
    /// </summary>
    public async ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureReady();

        // The version is taken before the queue is looked at: a storage read shared under it started after every
        // write up to it had reached storage, so it sees the caller's own earlier writes.
        var version = _queue.Version(key);
        if (_queue.Latest(key) is { } pending)
        {
            return pending.RemovesAt(DateTimeOffset.UtcNow) ? null : pending.Value!.ToArray();
        }

        try
        {
            if (await _cache.GetBytesAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                return cached;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Record(ex, "cache-read", transient: true);
        }

        return await ReadStorage(key, version).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the key from the cache (awaited) and queues its storage delete behind the key's earlier writes. Returns
    /// whether the key existed in either tier: a value still queued counts, and otherwise storage is asked (while
    /// storage is down, only the cache and the queue can answer).
    /// </summary>
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        KeyValueKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        EnsureReady();

        // What storage holds is known from the queue when a write to the key is pending; otherwise storage is read,
        // and the answer holds only if no write to the key was accepted between that read and this delete.
        var now = DateTimeOffset.UtcNow;
        var observed = _queue.Version(key);
        var stored = false;
        if (_queue.Latest(key) is null)
        {
            try
            {
                // A read of its own, not shared and not refilling the cache: a refill could land after this delete.
                stored = await _storage.GetBytesAsync(key, cancellationToken).ConfigureAwait(false) is not null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Record(ex, "storage-read", transient: true);
            }
        }

        var (_, previous, before) = await _queue.EnqueueAsync(key, null, null, Name, cancellationToken).ConfigureAwait(false);

        // A write accepted between the read and the delete makes the read's answer stale; the key may then have
        // existed, and "false" must never be said of a key that did.
        var inStorage = previous is not null ? !previous.RemovesAt(now) : before != observed || stored;

        var inCache = false;
        try
        {
            inCache = await _cache.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(ex, "cache-delete", transient: true);
        }

        return inCache || inStorage;
    }

    /// <summary>Completes when every write accepted before the call has reached storage.</summary>
    /// <exception cref="ObjectDisposedException">The store closed before the writes reached storage.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _queue.FlushAsync(cancellationToken);

    /// <summary>
    /// Stops accepting writes, waits up to <see cref="TieredStoreSettings.FlushTimeout"/> for the pending ones to reach
    /// storage, reports any still pending, and stops the background writer. The tiers are not closed: they belong
    /// to the registry (which closes its stores before the connections they use).
    /// </summary>
    public Task CloseAsync()
    {
        lock (_gate)
        {
            if (_closing is null)
            {
                _state = ConnectionState.Closed;
                _closing = CloseCoreAsync();
            }

            return _closing;
        }
    }

    private async Task CloseCoreAsync()
    {
        _queue.Close();
        _ready.TrySetCanceled();
        Task? writer;
        lock (_gate)
        {
            writer = _writer;
        }

        if (writer is not null && _queue.Count > 0)
        {
            using var timeout = new CancellationTokenSource(_settings.FlushTimeout);
            try
            {
                await _queue.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // Reported below with the count of what is left.
            }
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (writer is not null)
        {
            await writer.ConfigureAwait(false);
        }

        await Task.WhenAll(_background.Keys).ConfigureAwait(false);
        var abandoned = _queue.Abandon();
        if (abandoned > 0)
        {
            StoreTelemetry.WriteFailures.Add(abandoned, StoreTag, new("reason", "abandoned"));
            LogAbandoned(Logger, Name, abandoned, _settings.FlushTimeout.TotalSeconds);
            RecordOwn(new TieredStoreFlushException(Name, abandoned, _settings.FlushTimeout), "flush", transient: false);
        }

        _lifetime.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({_state}, {PendingWrites} pending)";

    private async ValueTask SetCoreAsync(string key, byte[] value, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureReady();
        var life = KeyValueTables.TimeToLive(ttl);
        var expiresAt = life is { } span ? DateTimeOffset.UtcNow + span : (DateTimeOffset?)null;
        var (write, _, _) = await _queue.EnqueueAsync(key, value, expiresAt, Name, cancellationToken).ConfigureAwait(false);

        // The storage write is accepted; from here on the set succeeds whatever the cache does.
        try
        {
            await _cache.SetBytesAsync(key, value, CacheLife(life), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(ex, "cache-write", transient: true);
            await ForgetInCacheAsync(key).ConfigureAwait(false);
            return;
        }

        // A newer write to the key may have reached the cache before this one: drop the cache copy rather than keep
        // an older value there (the next read goes to the queue or storage).
        if (_queue.Version(key) != write.Version)
        {
            await ForgetInCacheAsync(key).ConfigureAwait(false);
        }
    }

    private TimeSpan? CacheLife(TimeSpan? life)
    {
        var cap = _settings.CacheTtl is { } c && c != Timeout.InfiniteTimeSpan ? c : (TimeSpan?)null;
        return (life, cap) switch
        {
            (null, null) => null,
            (null, { } only) => only,
            ({ } only, null) => only,
            ({ } a, { } b) => a < b ? a : b,
        };
    }

    /// <summary>
    /// Reads storage once for all callers that saw the key at <paramref name="version"/> with nothing pending; a caller
    /// that saw another version starts a read of its own (a shared read older than its view could miss its writes).
    /// </summary>
    private Task<byte[]?> ReadStorage(string key, long version)
    {
        var read = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        (long, Task<byte[]?>) entry = (version, read.Task);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = _reads.TryGetValue(key, out var running);
            if (found && running.Version == version)
            {
                return running.Read;
            }

            // Losing the race to publish a read means another caller just did: look again and join it.
            if (found ? _reads.TryUpdate(key, entry, running) : _reads.TryAdd(key, entry))
            {
                Track(ReadStorageAsync(key, version, read, shared: true));
                return read.Task;
            }
        }

        Track(ReadStorageAsync(key, version, read, shared: false));
        return read.Task;
    }

    private async Task ReadStorageAsync(string key, long version, TaskCompletionSource<byte[]?> read, bool shared)
    {
        KeyValueEntry? entry;
        try
        {
            var token = _lifetime.Token;
            entry = _storage is IExpiringKeyValueStore expiring
                ? await expiring.GetEntryAsync(key, token).ConfigureAwait(false)
                : await _storage.GetBytesAsync(key, token).ConfigureAwait(false) is { } bytes
                    ? new KeyValueEntry(bytes, _settings.CacheTtl ?? _settings.RefillTtl)
                    : null;
        }
        catch (Exception ex)
        {
            Unshare();
            if (ex is not OperationCanceledException)
            {
                Record(ex, "storage-read", transient: true);
            }

            read.TrySetException(ex);
            return;
        }

        Unshare();
        read.TrySetResult(entry?.Value);
        if (entry is null || _queue.Version(key) != version)
        {
            return;
        }

        // Refill the cache; if a write to the key was accepted meanwhile, the refill may have overwritten its newer
        // cache copy, so the copy is dropped.
        try
        {
            await _cache.SetBytesAsync(key, entry.Value, CacheLife(entry.TimeToLive), _lifetime.Token).ConfigureAwait(false);
            if (_queue.Version(key) != version)
            {
                await ForgetInCacheAsync(key).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Record(ex, "cache-refill", transient: true);
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }

        void Unshare()
        {
            if (shared)
            {
                _reads.TryRemove(new(key, (version, read.Task)));
            }
        }
    }

    private async Task ForgetInCacheAsync(string key)
    {
        try
        {
            await _cache.DeleteAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(ex, "cache-delete", transient: true);
        }
    }

    private async Task WriteBehindAsync(CancellationToken stop)
    {
        var delay = _settings.WriteRetryDelay;
        while (!stop.IsCancellationRequested)
        {
            var batch = _queue.TakeBatch(_settings.WriteBatchSize);
            if (batch.Count == 0)
            {
                try
                {
                    await _queue.WaitForWorkAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var outcomes = await WriteBatchAsync(batch, stop).ConfigureAwait(false);
            _queue.Complete(batch, outcomes.Done);
            if (outcomes.Failure is { } failure)
            {
                if (!_storageDown)
                {
                    _storageDown = true;
                    Volatile.Write(ref _outageStarted, Stopwatch.GetTimestamp());
                    LogStorageDown(Logger, Name, _queue.Count, Redact(failure.Message));
                }

                Record(failure, "storage-write", transient: true);
                try
                {
                    await Task.Delay(Jitter(delay), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxWriteRetryDelay.Ticks));
            }
            else
            {
                if (_storageDown)
                {
                    _storageDown = false;
                    var outage = Stopwatch.GetElapsedTime(Volatile.Read(ref _outageStarted));
                    LastOutage = outage;
                    LogStorageBack(Logger, Name, outage.TotalSeconds, _queue.Count);
                }

                delay = _settings.WriteRetryDelay;
            }
        }
    }

    private async Task<(bool[] Done, Exception? Failure)> WriteBatchAsync(List<PendingWrite> batch, CancellationToken stop)
    {
        using var activity = BackendsTelemetry.ActivitySource.StartActivity("backends.store.write_batch");
        activity?.SetTag("backends.store", Name);
        activity?.SetTag("backends.store.batch_size", batch.Count);
        var done = new bool[batch.Count];
        var failures = new Exception?[batch.Count];
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(batch.Select(async (write, i) =>
        {
            try
            {
                if (write.RemovesAt(now))
                {
                    await _storage.DeleteAsync(write.Key, stop).ConfigureAwait(false);
                    StoreTelemetry.Writes.Add(1, StoreTag, new("operation", "delete"));
                }
                else
                {
                    var life = write.ExpiresAt is { } at ? at - now : (TimeSpan?)null;
                    await _storage.SetBytesAsync(write.Key, write.Value, life, stop).ConfigureAwait(false);
                    StoreTelemetry.Writes.Add(1, StoreTag, new("operation", "set"));
                }

                done[i] = true;
            }
            catch (Exception ex) when (IsRejection(ex))
            {
                // Retrying cannot make storage take it: report it as a failed write and let the key's next write go.
                done[i] = true;
                StoreTelemetry.WriteFailures.Add(1, StoreTag, new("reason", "rejected"));
                LogRejected(Logger, Name, write.Key.Length, Redact(ex.Message));
                RecordOwn(new TieredStoreWriteException(Name, write.Key, GetRedactor().Wrap(ex)), "storage-write", transient: false);
            }
            catch (Exception ex)
            {
                StoreTelemetry.WriteFailures.Add(1, StoreTag, new("reason", "retry"));
                failures[i] = ex;
            }
        })).ConfigureAwait(false);

        var failure = failures.FirstOrDefault(f => f is not null);
        var failed = failures.Count(f => f is not null);
        activity?.SetTag("backends.store.failed", failed);
        if (failed > 0)
        {
            activity?.SetStatus(ActivityStatusCode.Error, Redact(failure!.Message));
        }

        return (done, failure);
    }

    private static bool IsRejection(Exception exception) =>
        exception is ArgumentException or JsonException or NotSupportedException;

    private void Track(Task task)
    {
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _),
            _background,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void EnsureReady()
    {
        switch (_state)
        {
            case ConnectionState.Ready:
                return;
            case ConnectionState.Closed:
                throw new ObjectDisposedException(Name, $"{Name} is closed.");
            default:
                throw new InvalidOperationException(
                    $"{Name} is not ready (state {_state}): await Db.InitializeAsync() or {Name}'s Ready task before using it.");
        }
    }

    /// <summary>Records what a tier threw, redacted of the tiers' secrets (a <see cref="RedactedException"/>).</summary>
    private void Record(Exception exception, string phase, bool transient) =>
        Add(BackendError.Create(Name, phase, exception, transient, GetRedactor()));

    /// <summary>
    /// Records an exception of the store's own (<see cref="TieredStoreWriteException"/>, <see cref="TieredStoreFlushException"/>)
    /// as it is, so that handlers can read its key or count: its text is the store's, and a tier's exception inside it
    /// is already redacted.
    /// </summary>
    private void RecordOwn(Exception exception, string phase, bool transient) =>
        Add(new BackendError(Name, phase, exception.Message, exception, transient, DateTimeOffset.UtcNow));

    // A throwing handler must not stop the background writer that raised the event, nor the other handlers.
    private void Add(BackendError error) => _errors.Add(this, error, Error, ex => LogHandlerFailed(Logger, Name, Redact(ex.Message)));

    private string Redact(string message) => GetRedactor().Redact(message);

    /// <summary>
    /// The secrets of the store's settings and of its tiers' settings: what the tiers' drivers throw may echo theirs.
    /// Kept once every tier's settings could be read; a tier whose settings cannot be read has no secret to echo yet.
    /// </summary>
    private Redactor GetRedactor()
    {
        if (Volatile.Read(ref _redactor) is { } known)
        {
            return known;
        }

        var secrets = new List<string>(_settings.GetSecrets());
        var complete = true;
        foreach (var tier in (ReadOnlySpan<IKeyValueStore>)[_cache, _storage])
        {
            if (tier is IBackendConnection connection)
            {
                try
                {
                    secrets.AddRange(connection.Config.GetSecrets());
                }
#pragma warning disable CA1031 // settings that cannot be read are reported by the tier's own start-up, not here
                catch (Exception)
#pragma warning restore CA1031
                {
                    complete = false;
                }
            }
        }

        var redactor = new Redactor(secrets);
        if (complete)
        {
            Volatile.Write(ref _redactor, redactor);
        }

        return redactor;
    }

    private static TimeSpan Jitter(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4))));

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "{Store}: storage writes fail, retrying with backoff; {Pending} writes pending: {Error}")]
    private static partial void LogStorageDown(ILogger logger, string store, int pending, string error);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "{Store}: storage writes succeed again after {Seconds:0.0} s; {Pending} writes pending")]
    private static partial void LogStorageBack(ILogger logger, string store, double seconds, int pending);

    [LoggerMessage(EventId = 32, Level = LogLevel.Critical, Message = "{Store}: closed with {Count} writes that did not reach storage within the flushTimeout of {Seconds} s; they are lost")]
    private static partial void LogAbandoned(ILogger logger, string store, int count, double seconds);

    [LoggerMessage(EventId = 34, Level = LogLevel.Error, Message = "{Store}: an Error event handler threw: {Error}")]
    private static partial void LogHandlerFailed(ILogger logger, string store, string error);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "{Store}: storage refused a write (key of {KeyLength} characters), which retrying cannot fix: {Error}")]
    private static partial void LogRejected(ILogger logger, string store, int keyLength, string error);
}
