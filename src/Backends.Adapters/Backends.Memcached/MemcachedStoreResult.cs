namespace Backends.Memcached;

/// <summary>The outcome of <see cref="MemcachedClient.CompareAndSetAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Cas">The new CAS token when stored, else 0.</param>
public readonly record struct MemcachedStoreResult(MemcachedStoreStatus Status, ulong Cas);
