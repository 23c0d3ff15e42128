using Backends.Memcached;
using Backends.Runtime;
using Backends.Sqlite;
using Backends.Testing;
using IntegrationTests.Memcached;
using Microsoft.Data.Sqlite;

namespace IntegrationTests.Stores;

/// <summary>
/// Tiered store semantics that need to hold storage still: a real SQLite storage seen through <see cref="GatedStore"/>,
/// which counts its reads and can hold reads or writes until the test lets them go.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class TieredStoreSemanticsTests(MemcachedServerFixture memcached) : IClassFixture<MemcachedServerFixture>, IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-tiered-semantics-");
    private MemcachedBackend _cache = null!;
    private SqliteBackend _sqlite = null!;
    private GatedStore _storage = null!;
    private TieredStore _store = null!;

    public async Task InitializeAsync()
    {
        _cache = new MemcachedBackend("semantics-cache", Tiers.Memcached(memcached.Server));
        _sqlite = new SqliteBackend("semantics-storage", new SqliteSettings { Path = Path.Combine(_directory.FullName, "kv.db") });
        await _cache.ConfigureAsync();
        await _sqlite.ConfigureAsync();
        _storage = new GatedStore(_sqlite);
        _store = new TieredStore("semantics", _cache, _storage, new TieredStoreSettings { FlushTimeout = TimeSpan.FromMinutes(1) });
        await _store.ConfigureAsync();
    }

    public async Task DisposeAsync()
    {
        _storage.OpenReads();
        _storage.OpenWrites();
        await _store.DisposeAsync();
        await _cache.DisposeAsync();
        await _sqlite.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task Concurrent_gets_that_miss_the_cache_make_one_storage_read()
    {
        var key = "single-flight-" + Guid.NewGuid().ToString("N");
        await _sqlite.SetAsync(key, "stored", ConformanceJsonContext.Default.String);
        _storage.HoldReads();

        var gets = Enumerable.Range(0, 20).Select(_ => _store.GetAsync(key, ConformanceJsonContext.Default.String).AsTask()).ToArray();
        await Wait.Until(() => _storage.Reads >= 1, "the first storage read");
        await Task.Delay(TimeSpan.FromSeconds(2)); // let every get reach the shared read while it is held
        _storage.OpenReads();

        Assert.All(await Task.WhenAll(gets), value => Assert.Equal("stored", value));
        Assert.Equal(1, _storage.Reads);
    }

    [Fact]
    public async Task CacheTtl_caps_the_cache_copy_while_storage_keeps_the_value()
    {
        // A store of its own over the same tiers, with a short cap on the cache copy.
        var capped = new TieredStore("semantics-capped", _cache, _sqlite, new TieredStoreSettings
        {
            CacheTtl = TimeSpan.FromSeconds(2),
            FlushTimeout = TimeSpan.FromMinutes(1),
        });
        await capped.ConfigureAsync();
        try
        {
            var key = "capped-" + Guid.NewGuid().ToString("N");
            await capped.SetAsync(key, "kept", ConformanceJsonContext.Default.String); // no TTL: storage keeps it
            await capped.FlushAsync().WaitAsync(Wait.Generous);
            Assert.Equal("kept", await _cache.GetAsync(key, ConformanceJsonContext.Default.String));

            // memcached counts whole seconds, so the copy goes within cacheTtl + 1 s; the wait is bounded generously.
            await Wait.Until(async () => await _cache.GetAsync(key, ConformanceJsonContext.Default.String) is null, "the cache copy to expire at cacheTtl");

            Assert.Equal("kept", await _sqlite.GetAsync(key, ConformanceJsonContext.Default.String));
            Assert.Equal("kept", await capped.GetAsync(key, ConformanceJsonContext.Default.String));
        }
        finally
        {
            await capped.CloseAsync();
        }
    }

    [Fact]
    public async Task A_value_still_queued_for_storage_is_read_back_from_the_queue()
    {
        var key = "queued-" + Guid.NewGuid().ToString("N");
        _storage.HoldWrites();
        await _store.SetAsync(key, "queued", ConformanceJsonContext.Default.String);
        Assert.Equal(1, _store.PendingWrites);

        // Neither the cache (emptied behind the store's back) nor storage (the write is held) has it: only the queue.
        await _cache.DeleteAsync(key);
        Assert.Null(await _sqlite.GetAsync(key, ConformanceJsonContext.Default.String));
        Assert.Equal("queued", await _store.GetAsync(key, ConformanceJsonContext.Default.String));
        Assert.True(await _store.DeleteAsync(key));
        Assert.Null(await _store.GetAsync(key, ConformanceJsonContext.Default.String));

        _storage.OpenWrites();
        await _store.FlushAsync().WaitAsync(Wait.Generous);
        Assert.Null(await _sqlite.GetAsync(key, ConformanceJsonContext.Default.String));
        Assert.Equal(0, _store.PendingWrites);
    }

    /// <summary>A real store whose reads and writes the test can hold; it counts reads.</summary>
    private sealed class GatedStore(IKeyValueStore inner) : IKeyValueStore
    {
        private TaskCompletionSource _reads = Open();
        private TaskCompletionSource _writes = Open();
        private int _readCount;

        public int Reads => Volatile.Read(ref _readCount);

        public void HoldReads() => _reads = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OpenReads() => _reads.TrySetResult();

        public void HoldWrites() => _writes = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OpenWrites() => _writes.TrySetResult();

        public ValueTask<T?> GetAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken = default) =>
            KeyValueJson.GetAsync(this, key, type, cancellationToken);

        public ValueTask SetAsync<T>(string key, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
            KeyValueJson.SetAsync(this, key, value, type, ttl, cancellationToken);

        public async ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _readCount);
            await _reads.Task.WaitAsync(cancellationToken);
            return await inner.GetBytesAsync(key, cancellationToken);
        }

        public async ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
        {
            await _writes.Task.WaitAsync(cancellationToken);
            await inner.SetBytesAsync(key, value, ttl, cancellationToken);
        }

        public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
        {
            await _writes.Task.WaitAsync(cancellationToken);
            return await inner.DeleteAsync(key, cancellationToken);
        }

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.TrySetResult();
            return open;
        }
    }
}
