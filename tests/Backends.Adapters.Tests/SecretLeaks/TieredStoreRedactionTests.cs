using System.Collections.Concurrent;
using System.Diagnostics;
using Backends.Runtime;
using Backends.Sqlite;
using Backends.Testing;

namespace Backends.Adapters.Tests.SecretLeaks;

/// <summary>
/// A tiered store reports what its tiers throw (its <see cref="TieredStore.Errors"/>, the <see cref="TieredStore.Error"/>
/// event, its log lines and the <c>backends.store.write_batch</c> span); a driver's message may echo a secret of the
/// tier's settings, which none of those may carry.
/// </summary>
public sealed class TieredStoreRedactionTests
{
    private const string CacheSecret = "cache-pa55word-echoed";
    private const string StorageSecret = "storage-pa55word-echoed";

    [Fact]
    public async Task What_a_store_records_logs_and_traces_of_its_tiers_errors_carries_no_secret_of_theirs()
    {
        var logs = new CapturingLoggerFactory();
        var statuses = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BackendsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("backends.store") as string == "stores.leaky" && activity.StatusDescription is { } status)
                {
                    statuses.Enqueue(status);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await using var cache = new EchoingTier("cache", CacheSecret) { FailWrites = true };
        await using var storage = new EchoingTier("storage", StorageSecret) { FailWrites = true };
        var settings = new TieredStoreSettings { WriteRetryDelay = TimeSpan.FromMilliseconds(10), MaxWriteRetryDelay = TimeSpan.FromMilliseconds(20) };
        var store = new TieredStore("leaky", cache, storage, settings) { Logger = logs.CreateLogger("store") };
        store.Error += (_, e) => throw new InvalidOperationException("a handler printed " + e.Error.Message + " and " + CacheSecret);
        await store.ConfigureAsync();

        // The cache refuses the value (cache-write) and its delete (cache-delete); storage is down (storage-write, retried).
        await store.SetBytesAsync("kept", new byte[] { 1 });
        await Wait.Until(() => store.Errors.Any(e => e.Phase == "storage-write" && e.IsTransient), "storage's failure to be recorded");

        // A read: the cache fails (cache-read), then storage (storage-read), which the caller gets.
        await Assert.ThrowsAnyAsync<IOException>(async () => await store.GetBytesAsync("missing"));

        // Storage comes back and refuses one value for good (rejected: logged at Error with the driver's text).
        storage.FailWrites = false;
        await store.SetBytesAsync("reject:1", new byte[] { 2 });
        await store.FlushAsync().WaitAsync(Wait.Generous);
        await store.DisposeAsync();

        var errors = store.Errors;
        Assert.Equal(
            ["cache-delete", "cache-read", "cache-write", "storage-read", "storage-write"],
            errors.Select(e => e.Phase).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(errors, e => e.Phase == "storage-write" && !e.IsTransient);
        Assert.Contains(logs.Lines, l => l.Contains("storage refused a write", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("storage writes fail", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("an Error event handler threw", StringComparison.Ordinal));
        Assert.NotEmpty(statuses);

        var texts = errors.SelectMany(e => new[] { e.Message, e.ToString(), e.Exception.Message, e.Exception.ToString() })
            .Concat(logs.Lines)
            .Concat(statuses);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(CacheSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(StorageSecret, text, StringComparison.Ordinal);
        }

        // The driver's exception stays reachable for code that inspects it, and a lost write is still the store's own
        // exception, naming its key, with the driver's redacted inside.
        Assert.Contains(errors, e => e.GetOriginalException() is IOException io && io.Message.Contains(StorageSecret, StringComparison.Ordinal));
        var lost = Assert.IsType<TieredStoreWriteException>(Assert.Single(errors, e => e.Phase == "storage-write" && !e.IsTransient).Exception);
        Assert.Equal("reject:1", lost.Key);
        var inner = Assert.IsType<RedactedException>(lost.InnerException);
        Assert.IsType<ArgumentException>(inner.GetOriginalException());
    }

    /// <summary>A tier whose every failure echoes its password, as some drivers' messages do.</summary>
    private sealed class EchoingTier(string name, string password)
        : BackendConnection<object>("test", name, () => new SqliteSettings { Path = ":memory:", Password = password }), IKeyValueStore
    {
        private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

        public volatile bool FailWrites;

        public ValueTask<T?> GetAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask SetAsync<T>(string key, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<byte[]?>(new IOException($"{Name}: read as user app with password {password} failed"));

        public ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
        {
            if (FailWrites)
            {
                return ValueTask.FromException(new IOException($"{Name}: login with '{password}' refused"));
            }

            if (key.StartsWith("reject:", StringComparison.Ordinal))
            {
                return ValueTask.FromException(new ArgumentException($"{Name}: value refused for the account whose password is {password}"));
            }

            _values[key] = value.ToArray();
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<bool>(new IOException($"{Name}: delete with password \"{password}\" failed"));

        protected override ValueTask<object> CreateInstanceAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new object());

        protected override ValueTask PingInstanceAsync(object instance, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        protected override bool IsTransient(Exception exception) => false;
    }
}
