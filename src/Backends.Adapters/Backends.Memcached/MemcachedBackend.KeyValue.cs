using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Backends.Runtime;

namespace Backends.Memcached;

/// <summary>The <see cref="IKeyValueStore"/> contract over the memcached client: JSON values, misses as <see langword="default"/>.</summary>
public sealed partial class MemcachedBackend : IKeyValueStore
{
    /// <inheritdoc />
    /// <remarks>An unreachable server is a miss, as a cache read should be; the failure is kept in <see cref="BackendConnection{TInstance}.Errors"/>.</remarks>
    public async ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        using var buffer = PooledBufferWriter.Rent();
        if (!await Instance.TryGetAsync(key, buffer, cancellationToken).ConfigureAwait(false))
        {
            return default;
        }

        return JsonSerializer.Deserialize(buffer.WrittenSpan, type);
    }

    /// <inheritdoc />
    /// <exception cref="MemcachedServerUnavailableException">The key's server cannot be reached.</exception>
    /// <exception cref="MemcachedValueTooLargeException">The serialized value exceeds the server's item size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative or would end after 9999-12-31.</exception>
    public async ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        KeyValueTables.TimeToLive(ttl);
        using var buffer = PooledBufferWriter.Rent();
        var json = buffer.Json();
        JsonSerializer.Serialize(json, value, type);
        json.Flush();
        await Instance.SetAsync(key, buffer.WrittenMemory, ttl, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default) =>
        Instance.GetAsync(key, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A time to live past 2038-01-19 is capped there, memcached's last expiry time.</remarks>
    public ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        // The contract's one rule (zero, negative, or past 9999-12-31 is rejected); null and infinite go through as they are.
        KeyValueTables.TimeToLive(ttl);
        return Instance.SetAsync(key, value, ttl, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Instance.DeleteAsync(key, cancellationToken);
}
