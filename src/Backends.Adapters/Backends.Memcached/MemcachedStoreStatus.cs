namespace Backends.Memcached;

/// <summary>How a conditional store ended.</summary>
public enum MemcachedStoreStatus
{
    /// <summary>Stored (<c>HD</c>).</summary>
    Stored,

    /// <summary>Not stored because a condition failed (<c>NS</c>).</summary>
    NotStored,

    /// <summary>The item changed since its CAS token was read (<c>EX</c>).</summary>
    Exists,

    /// <summary>The item is gone (<c>NF</c>).</summary>
    NotFound,
}
