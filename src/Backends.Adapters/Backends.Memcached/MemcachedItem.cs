namespace Backends.Memcached;

/// <summary>A value with its CAS token, as returned by <see cref="MemcachedClient.GetWithCasAsync"/>.</summary>
/// <param name="Value">The stored bytes.</param>
/// <param name="Cas">The item's CAS token; pass it to <see cref="MemcachedClient.CompareAndSetAsync"/>.</param>
public sealed record MemcachedItem(byte[] Value, ulong Cas);
