using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using Backends.Memcached.Hashing;
using Backends.Memcached.Protocol;
using OperationStatus = Backends.Memcached.Protocol.OperationStatus;

namespace Backends.Memcached;

/// <summary>
/// A memcached client speaking the meta text protocol (<c>mg</c>, <c>ms</c>, <c>md</c>, <c>mn</c>; memcached 1.6+).
/// Keys are spread over the servers with libmemcached-compatible weighted ketama; each server has a small pool of
/// TCP connections on which concurrent requests are pipelined. A server that fails is marked dead and left out of
/// the ring (its keys move to the others); it is probed every <see cref="MemcachedClientOptions.DeadServerRetryInterval"/>
/// off the request path and takes its keys back once it answers. Reads treat an unreachable server as a miss; writes
/// throw <see cref="MemcachedServerUnavailableException"/>.
/// </summary>
/// <remarks>
/// The hot path allocates nothing: requests are pooled objects, keys are encoded into their buffers, values are
/// copied straight into the caller's <see cref="IBufferWriter{T}"/> (<see cref="TryGetAsync"/>) and the async state
/// machines are pooled. Thread-safe; create one per set of servers and share it.
/// </remarks>
public sealed class MemcachedClient : IAsyncDisposable
{
    private const long ThirtyDaysInSeconds = 60 * 60 * 24 * 30;

    private readonly MemcachedServer[] _servers;
    private readonly MemcachedServerAddress[] _addresses;
    private readonly OperationPool _operations = new();
    private readonly byte[] _keyPrefix;
    private readonly long _defaultExpiration;
    private readonly Timer _timeoutTimer;
    private readonly Lock _ringGate = new();
    private volatile KetamaContinuum _ring;
    private volatile bool _disposed;

    /// <summary>Creates the client; connections open on first use.</summary>
    /// <exception cref="ArgumentException">The options are not valid (no server, bad timeout, bad key prefix).</exception>
    public MemcachedClient(MemcachedClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _addresses = [.. options.Servers];
        _servers = [.. _addresses.Select(a => new MemcachedServer(this, a, options.ConnectionsPerServer))];
        _keyPrefix = Encoding.UTF8.GetBytes(options.KeyPrefix);
        _defaultExpiration = options.DefaultTimeToLive is { } ttl ? ToExpiration(ttl) : 0;
        _ring = BuildRing();
        var period = TimeSpan.FromMilliseconds(Math.Clamp(options.ReadTimeout.TotalMilliseconds / 4, 10, 1000));
        _timeoutTimer = new Timer(static state => ((MemcachedClient)state!).CheckTimeouts(), this, period, period);
    }

    /// <summary>The options the client was created with; do not change them afterwards.</summary>
    public MemcachedClientOptions Options { get; }

    /// <summary>The configured servers, in configuration order.</summary>
    public IReadOnlyList<MemcachedServerAddress> Servers => _addresses;

    /// <summary>
    /// Raised when a server fails: a connection broke, did not open, or timed out, or a key of a multi-get failed.
    /// Raised on an I/O or timer thread; keep handlers short. An exception a handler throws is caught and dropped (the
    /// other handlers still run): it cannot fail a request, the connection's reader or the timeout timer.
    /// </summary>
    public event EventHandler<MemcachedServerErrorEventArgs>? ServerError;

    /// <summary>
    /// Copies the value stored under <paramref name="key"/> into <paramref name="destination"/>; returns whether there
    /// was one. Allocates nothing. An unreachable server is a miss (and raises <see cref="ServerError"/>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var operation = Prepare(key, OperationKind.Get, cancellationToken);
        try
        {
            operation.Destination = destination;
            return await GetCoreAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    /// <summary>Returns the value stored under <paramref name="key"/>, or <see langword="null"/>. An unreachable server is a miss.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var operation = Prepare(key, OperationKind.Get, cancellationToken);
        try
        {
            return await GetCoreAsync(operation, cancellationToken).ConfigureAwait(false) ? operation.Result : null;
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    /// <summary>Returns the value stored under <paramref name="key"/> with its CAS token, for <see cref="CompareAndSetAsync"/>; <see langword="null"/> on a miss.</summary>
    public async ValueTask<MemcachedItem?> GetWithCasAsync(string key, CancellationToken cancellationToken = default)
    {
        var operation = Prepare(key, OperationKind.Get, cancellationToken);
        try
        {
            operation.WantCas = true;
            return await GetCoreAsync(operation, cancellationToken).ConfigureAwait(false)
                ? new MemcachedItem(operation.Result!, operation.Cas)
                : null;
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    /// <summary>
    /// Returns the values of those of <paramref name="keys"/> that are stored. Each server gets its keys as one pipelined
    /// batch of gets closed by a no-op (<c>mn</c>), written and sent together; the servers are asked at the same time. A
    /// key the server fails (<c>SERVER_ERROR</c>) and the keys of an unreachable server are misses; each such failure is
    /// reported through <see cref="ServerError"/>. Apart from the dictionary and the values it returns, a call allocates
    /// a few small arrays: the encoded keys and the answers go through pooled buffers.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IReadOnlyDictionary<string, byte[]>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var names = keys as IReadOnlyList<string> ?? [.. keys];
        var operations = new MemcachedOperation?[_servers.Length];
        var answers = new ValueTask[_servers.Length];
        try
        {
            // Each key to its server's batch; a batch belongs to its operation from the start (its arrays go back to
            // the pools with the operation), so that no exception here or below leaves a pooled array behind.
            var ring = _ring;
            Span<byte> encoded = stackalloc byte[MemcachedKey.MaxLength];
            for (var i = 0; i < names.Count; i++)
            {
                var length = MemcachedKey.Encode(_keyPrefix, names[i], encoded);
                var server = ring.Locate(encoded[..length]);
                if (server < 0)
                {
                    continue; // no server is alive: a miss
                }

                if (operations[server] is not { } operation)
                {
                    operations[server] = operation = _operations.Rent();
                    operation.Kind = OperationKind.GetMany;
                    operation.Batch = new KeyBatch(names, names.Count);
                }

                operation.Batch!.Add(encoded[..length], i);
            }

            // Every server's batch goes out before any answer is awaited; each stored ValueTask is awaited exactly once below.
            // A batch that found its connection idle is answered on this thread once all are sent (each in turn: the
            // later servers' answers wait in their sockets meanwhile), with no thread hop.
#pragma warning disable CA2012
            try
            {
                for (var s = 0; s < operations.Length; s++)
                {
                    if (operations[s] is { } operation)
                    {
                        try
                        {
                            answers[s] = _servers[s].ExecuteAsync(operation, cancellationToken, deferInline: true);
                        }
                        catch (Exception ex)
                        {
                            answers[s] = ValueTask.FromException(ex);
                        }
                    }
                }
            }
            finally
            {
                foreach (var operation in operations)
                {
                    operation?.DeferredLink?.ReceiveDeferred(operation); // whatever happened above: the connection must be read
                }
            }
#pragma warning restore CA2012

            // Await every answer (each exactly once) before anything is thrown, so that no request is left unobserved.
            Exception? error = null;
            var hits = 0;
            for (var s = 0; s < operations.Length; s++)
            {
                if (operations[s] is not { } operation)
                {
                    continue;
                }

                try
                {
                    await answers[s].ConfigureAwait(false);
                    if (operation.BatchFailure is { } batchFailure)
                    {
                        OnServerError(_servers[s], batchFailure, batchFailure.Message, markedDead: false);
                        await AskKeyByKeyAsync(_servers[s], operation, names, cancellationToken).ConfigureAwait(false);
                    }

                    foreach (var failure in operation.BatchErrors ?? [])
                    {
                        OnServerError(_servers[s], failure, failure.Message, markedDead: false); // the key is a miss; its error is reported
                    }

                    for (var p = 0; p < operation.Batch!.Count; p++)
                    {
                        hits += operation.Batch.ValueAt(p) is null ? 0 : 1;
                    }
                }
                catch (MemcachedServerUnavailableException)
                {
                    operations[s] = null; // an unreachable server's keys are misses (its failure went to ServerError)
                    operation.EndWait();
                    operation.Release();
                }
                catch (Exception ex)
                {
                    error ??= ex;
                }
            }

            if (error is not null)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            var result = new Dictionary<string, byte[]>(hits, StringComparer.Ordinal);
            foreach (var operation in operations)
            {
                var batch = operation?.Batch;
                for (var p = 0; p < (batch?.Count ?? 0); p++)
                {
                    if (batch!.ValueAt(p) is { } value)
                    {
                        result[batch.KeyAt(p)] = value;
                    }
                }
            }

            return result;
        }
        finally
        {
            foreach (var operation in operations)
            {
                operation?.EndWait();
                operation?.Release();
            }
        }
    }

    /// <summary>
    /// A server answered a batch's classic <c>get</c> with an error instead of its values: the batch's keys still without
    /// a value are asked again, one <c>mg</c> each, so that only the keys the server fails are misses (their errors join
    /// the batch's). An unreachable server leaves them misses (its failure was reported).
    /// </summary>
    private async ValueTask AskKeyByKeyAsync(MemcachedServer server, MemcachedOperation operation, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var batch = operation.Batch!;
        var retry = _operations.Rent();
        try
        {
            retry.Kind = OperationKind.GetMany;
            retry.BatchKeyByKey = true;
            var keys = retry.Batch = new KeyBatch(names, batch.Count);
            for (var p = 0; p < batch.Count; p++)
            {
                if (batch.ValueAt(p) is null)
                {
                    keys.Add(batch.WireKey(p), batch.IndexOf(p));
                }
            }

            try
            {
                await server.ExecuteAsync(retry, cancellationToken).ConfigureAwait(false);
            }
            catch (MemcachedServerUnavailableException)
            {
                return;
            }

            // The retried keys are the batch's keys without a value, in the same order.
            for (int p = 0, r = 0; p < batch.Count; p++)
            {
                if (batch.ValueAt(p) is null)
                {
                    if (keys.ValueAt(r) is { } value)
                    {
                        batch.SetValue(p, value);
                    }

                    r++;
                }
            }

            if (retry.BatchErrors is { } errors)
            {
                (operation.BatchErrors ??= []).AddRange(errors);
            }
        }
        finally
        {
            retry.EndWait();
            retry.Release();
        }
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value.</summary>
    /// <param name="key">The key (at most 250 UTF-8 bytes with the key prefix; no space or control character).</param>
    /// <param name="value">The value; at most the server's item size (memcached <c>-I</c>, 1 MB by default) less the key and ~50 bytes.</param>
    /// <param name="timeToLive">How long the value lives; <see langword="null"/> uses <see cref="MemcachedClientOptions.DefaultTimeToLive"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer (the request itself may still be carried out).</param>
    /// <exception cref="MemcachedServerUnavailableException">The key's server cannot be reached.</exception>
    /// <exception cref="MemcachedValueTooLargeException">The value exceeds the server's item size.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        var operation = Prepare(key, OperationKind.Set, cancellationToken);
        try
        {
            operation.Value = value;
            operation.Expiration = timeToLive is { } ttl ? ToExpiration(ttl) : _defaultExpiration;
            await StoreCoreAsync(operation, cancellationToken).ConfigureAwait(false);
            if (operation.Status != OperationStatus.Stored)
            {
                throw new MemcachedException($"memcached did not store \"{key}\": it answered {operation.Status}.");
            }
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    /// <summary>
    /// Stores <paramref name="value"/> only if the item still has the CAS token <paramref name="cas"/> (from
    /// <see cref="GetWithCasAsync"/>): <see cref="MemcachedStoreStatus.Exists"/> when someone changed it meanwhile,
    /// <see cref="MemcachedStoreStatus.NotFound"/> when it is gone.
    /// </summary>
    public async ValueTask<MemcachedStoreResult> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, ulong cas, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(cas);
        var operation = Prepare(key, OperationKind.Set, cancellationToken);
        try
        {
            operation.Value = value;
            operation.Expiration = timeToLive is { } ttl ? ToExpiration(ttl) : _defaultExpiration;
            operation.CompareCas = cas;
            operation.WantCas = true;
            await StoreCoreAsync(operation, cancellationToken).ConfigureAwait(false);
            var status = operation.Status switch
            {
                OperationStatus.Stored => MemcachedStoreStatus.Stored,
                OperationStatus.Exists => MemcachedStoreStatus.Exists,
                OperationStatus.NotFound => MemcachedStoreStatus.NotFound,
                _ => MemcachedStoreStatus.NotStored,
            };
            return new MemcachedStoreResult(status, status == MemcachedStoreStatus.Stored ? operation.Cas : 0);
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    /// <summary>Deletes <paramref name="key"/>; returns whether it existed.</summary>
    /// <exception cref="MemcachedServerUnavailableException">The key's server cannot be reached.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var operation = Prepare(key, OperationKind.Delete, cancellationToken);
        try
        {
            await StoreCoreAsync(operation, cancellationToken).ConfigureAwait(false);
            return operation.Status == OperationStatus.Deleted;
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    /// <summary>
    /// Sends a no-op (<c>mn</c>) to every server that is not marked dead; succeeds when at least one answers. A server
    /// that does not answer is marked dead and reported through <see cref="ServerError"/>.
    /// </summary>
    /// <exception cref="MemcachedServerUnavailableException">No server answered.</exception>
    /// <exception cref="MemcachedProtocolException">A server does not speak the meta protocol (it answered <c>ERROR</c>: memcached older than 1.6).</exception>
    public async ValueTask PingAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var live = _servers.Where(s => !s.IsDead).ToList();
        if (live.Count == 0)
        {
            throw NoServer();
        }

        var results = await Task.WhenAll(live.Select(async server =>
        {
            try
            {
                await SendToAsync(server, OperationKind.NoOp, cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (MemcachedException ex)
            {
                return ex;
            }
        })).ConfigureAwait(false);

        if (results.OfType<MemcachedProtocolException>().FirstOrDefault() is { } protocol)
        {
            // Waiting cannot fix a server that does not speak the meta protocol (memcached before 1.6): fail at once.
            throw protocol;
        }

        if (results.All(r => r is not null))
        {
            throw new MemcachedServerUnavailableException(
                "no memcached server answered: " + string.Join("; ", results.Select(r => r!.Message)),
                results[0]!);
        }
    }

    /// <summary>Returns the version string of <paramref name="server"/> (one of <see cref="Servers"/>), e.g. <c>1.6.18</c>.</summary>
    public async ValueTask<string> GetVersionAsync(MemcachedServerAddress server, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var index = Array.IndexOf(_addresses, server);
        if (index < 0)
        {
            throw new ArgumentException($"{server} is not one of this client's servers.", nameof(server));
        }

        return (await SendToAsync(_servers[index], OperationKind.Version, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The server <paramref name="key"/> maps to now (dead servers are left out), or <see langword="null"/> when every server is dead.</summary>
    public MemcachedServerAddress? GetServer(string key)
    {
        Span<byte> encoded = stackalloc byte[MemcachedKey.MaxLength];
        var length = MemcachedKey.Encode(_keyPrefix, key, encoded);
        return Locate(encoded[..length])?.Address;
    }

    /// <summary>Whether <paramref name="server"/> is marked dead (left out of the ring until it answers a probe).</summary>
    public bool IsDead(MemcachedServerAddress server)
    {
        var index = Array.IndexOf(_addresses, server);
        return index >= 0 && _servers[index].IsDead;
    }

    /// <summary>Closes every connection; requests in flight fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _timeoutTimer.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_servers.Select(s => s.CloseAsync())).ConfigureAwait(false);
    }

    /// <summary>What every open connection holds now (requests in flight, buffer sizes), for tests and diagnostics.</summary>
    internal IReadOnlyList<ConnectionStats> GetConnectionStats() => [.. _servers.SelectMany(s => s.GetStats())];

    internal void OnServerError(MemcachedServer server, Exception cause, string message, bool markedDead)
    {
        if (markedDead)
        {
            lock (_ringGate)
            {
                _ring = BuildRing();
            }
        }

        if (!_disposed && ServerError is { } handlers)
        {
            var args = new MemcachedServerErrorEventArgs(server.Address, message, cause, markedDead);
            foreach (var handler in handlers.GetInvocationList())
            {
                try
                {
                    ((EventHandler<MemcachedServerErrorEventArgs>)handler)(this, args);
                }
#pragma warning disable CA1031 // a user's handler must not break the timer, the reader or a request; nothing else can be done with its error
                catch (Exception)
#pragma warning restore CA1031
                {
                    // Dropped on purpose (see ServerError).
                }
            }
        }
    }

    internal void OnServerRevived(MemcachedServer server)
    {
        _ = server;
        if (_disposed)
        {
            return;
        }

        lock (_ringGate)
        {
            _ring = BuildRing();
        }
    }

    private MemcachedOperation Prepare(string key, OperationKind kind, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var operation = _operations.Rent();
        try
        {
            operation.KeyLength = MemcachedKey.Encode(_keyPrefix, key, operation.Key);
        }
        catch
        {
            operation.Release();
            throw;
        }

        operation.Kind = kind;
        return operation;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> GetCoreAsync(MemcachedOperation operation, CancellationToken cancellationToken)
    {
        if (Locate(operation.KeySpan) is not { } server)
        {
            return false; // no server is alive: a cache miss
        }

        try
        {
            await server.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (MemcachedServerUnavailableException)
        {
            return false; // a cache read from a lost server is a miss; the failure went to ServerError
        }

        return operation.Status == OperationStatus.Hit;
    }

    private ValueTask StoreCoreAsync(MemcachedOperation operation, CancellationToken cancellationToken) =>
        Locate(operation.KeySpan) is { } server ? server.ExecuteAsync(operation, cancellationToken) : ValueTask.FromException(NoServer());

    private async ValueTask<string?> SendToAsync(MemcachedServer server, OperationKind kind, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var operation = _operations.Rent();
        try
        {
            operation.Kind = kind;
            await server.ExecuteAsync(operation, cancellationToken).ConfigureAwait(false);
            return operation.Text;
        }
        finally
        {
            operation.EndWait();
            operation.Release();
        }
    }

    private MemcachedServer? Locate(ReadOnlySpan<byte> key)
    {
        var index = _ring.Locate(key);
        return index < 0 ? null : _servers[index];
    }

    /// <summary>The ring over the servers that are not dead; rebuilt when one dies or answers its probe.</summary>
    private KetamaContinuum BuildRing() => KetamaContinuum.Build(_addresses, i => !_servers[i].IsDead);

    private MemcachedServerUnavailableException NoServer() =>
        new($"no memcached server is available: all {_servers.Length} ({string.Join(", ", _addresses.Select(a => a.ToString()))}) are marked dead after failures; each takes its keys back once it answers a probe.");

    private void CheckTimeouts()
    {
        var now = Environment.TickCount64;
        var timeout = (long)Options.ReadTimeout.TotalMilliseconds;
        foreach (var server in _servers)
        {
            server.CheckTimeouts(now, timeout);
        }
    }

    /// <summary>Converts a time to live to memcached's expiration token: seconds up to 30 days, a Unix time beyond.</summary>
    internal static long ToExpiration(TimeSpan timeToLive)
    {
        if (timeToLive == Timeout.InfiniteTimeSpan)
        {
            return 0;
        }

        if (timeToLive <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "A time to live must be positive (or Timeout.InfiniteTimeSpan for none).");
        }

        var seconds = (long)Math.Ceiling(timeToLive.TotalSeconds);
        return seconds <= ThirtyDaysInSeconds ? seconds : Math.Min(int.MaxValue, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + seconds);
    }
}
