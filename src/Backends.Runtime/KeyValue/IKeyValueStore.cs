using System.Text.Json.Serialization.Metadata;

namespace Backends.Runtime;

/// <summary>
/// The one key/value contract every cache and storage backend implements. Values are serialized with
/// System.Text.Json source generation (pass the <see cref="JsonTypeInfo{T}"/> from your <c>JsonSerializerContext</c>),
/// so it is safe under native AOT.
/// </summary>
public interface IKeyValueStore
{
    /// <summary>Returns the value stored under <paramref name="key"/>, or <see langword="default"/> when there is none (or it expired).</summary>
    ValueTask<T?> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any value; <paramref name="ttl"/> bounds its life.</summary>
    ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the raw bytes stored under <paramref name="key"/>, or <see langword="null"/> when there are none.</summary>
    ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores raw bytes under <paramref name="key"/>.</summary>
    ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/>; returns whether it existed.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
