namespace Backends.Runtime;

/// <summary>
/// A key/value store that can also tell how long a value has left to live. A <see cref="TieredStore"/> whose storage
/// implements it refills its cache with the value's remaining life, so a value never outlives its time to live in the
/// cache; the MySQL, SQLite and MongoDB handles implement it.
/// </summary>
public interface IExpiringKeyValueStore : IKeyValueStore
{
    /// <summary>Returns the raw bytes stored under <paramref name="key"/> and their remaining life, or <see langword="null"/> when there are none.</summary>
    ValueTask<KeyValueEntry?> GetEntryAsync(string key, CancellationToken cancellationToken = default);
}
