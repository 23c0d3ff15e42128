namespace Backends.Generator.Model;

/// <summary>One validated tiered store of the <c>"stores"</c> section: <c>Db.Stores.Name</c>.</summary>
/// <param name="Name">The store's name as written, <c>"sessions"</c>.</param>
/// <param name="Identifier">The accessor name, <c>Sessions</c>.</param>
/// <param name="FieldName">The private static field that holds the store.</param>
/// <param name="Line">The 1-based line of the name in the base file.</param>
/// <param name="BaseFileName">The base file's name.</param>
/// <param name="Cache">The cache connection's full name, <c>"memcached.sessions"</c>.</param>
/// <param name="CacheField">The field of the cache connection's handle.</param>
/// <param name="Storage">The storage connection's full name.</param>
/// <param name="StorageField">The field of the storage connection's handle.</param>
/// <param name="Values">The store settings written (<c>cacheTtl</c>, <c>maxPendingWrites</c>, <c>flushTimeout</c>).</param>
internal sealed record StoreSpec(
    string Name,
    string Identifier,
    string FieldName,
    int Line,
    string BaseFileName,
    string Cache,
    string CacheField,
    string Storage,
    string StorageField,
    EquatableArray<ValueSpec> Values)
{
    /// <summary>The full name, <c>"stores.sessions"</c>.</summary>
    public string FullName => "stores." + Name;
}
