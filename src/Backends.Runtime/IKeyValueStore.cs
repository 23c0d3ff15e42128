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
    /// <remarks>
    /// Every implementation reads <paramref name="ttl"/> the same way (<see cref="KeyValueTables.TimeToLive"/>):
    /// <see langword="null"/> or <see cref="Timeout.InfiniteTimeSpan"/> is no expiry (memcached: the connection's
    /// default time to live for <see langword="null"/>); zero, a negative span, or one that would end after 9999-12-31 throws
    /// <see cref="ArgumentOutOfRangeException"/> before anything is written.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or too long.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> breaks the key rules of <see cref="KeyValueKey"/>.</exception>
    ValueTask SetAsync<T>(string key, T value, JsonTypeInfo<T> type, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>Returns the raw bytes stored under <paramref name="key"/>, or <see langword="null"/> when there are none.</summary>
    ValueTask<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores raw bytes under <paramref name="key"/>; <paramref name="ttl"/> as in <see cref="SetAsync{T}"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero, negative (other than <see cref="Timeout.InfiniteTimeSpan"/>) or too long.</exception>
    ValueTask SetBytesAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? ttl = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes <paramref name="key"/>; returns whether a live (unexpired) value existed. A delete that returns
    /// <see langword="false"/> removed nothing a concurrent write stored: it never deletes a value it did not see.
    /// </summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
