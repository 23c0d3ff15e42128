using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Backends.Runtime;

/// <summary>
/// The typed half of <see cref="IKeyValueStore"/> for stores that keep raw bytes: values are JSON written and read by
/// System.Text.Json with the caller's source-generated <see cref="JsonTypeInfo{T}"/> (AOT-safe). An adapter whose
/// native client can do better (memcached writes straight into pooled buffers) implements the typed calls itself.
/// </summary>
public static class KeyValueJson
{
    /// <summary>Reads <paramref name="key"/> through <see cref="IKeyValueStore.GetBytesAsync"/> and deserializes it; missing → <see langword="default"/>.</summary>
    public static async ValueTask<T?> GetAsync<T>(IKeyValueStore store, string key, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(type);
        var bytes = await store.GetBytesAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? default : JsonSerializer.Deserialize(bytes, type);
    }

    /// <summary>Serializes <paramref name="value"/> and stores it through <see cref="IKeyValueStore.SetBytesAsync"/>.</summary>
    public static ValueTask SetAsync<T>(IKeyValueStore store, string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(type);
        return store.SetBytesAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, type), ttl, cancellationToken);
    }
}
