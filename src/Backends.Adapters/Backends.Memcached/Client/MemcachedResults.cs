namespace Backends.Memcached;

/// <summary>A value with its CAS token, as returned by <see cref="MemcachedClient.GetWithCasAsync"/>.</summary>
/// <param name="Value">The stored bytes.</param>
/// <param name="Cas">The item's CAS token; pass it to <see cref="MemcachedClient.CompareAndSetAsync"/>.</param>
public sealed record MemcachedItem(byte[] Value, ulong Cas);

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

/// <summary>The outcome of <see cref="MemcachedClient.CompareAndSetAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Cas">The new CAS token when stored, else 0.</param>
public readonly record struct MemcachedStoreResult(MemcachedStoreStatus Status, ulong Cas);

/// <summary>A server failure, reported by <see cref="MemcachedClient.ServerError"/>.</summary>
public sealed class MemcachedServerErrorEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public MemcachedServerErrorEventArgs(MemcachedServerAddress server, string message, Exception exception, bool markedDead)
    {
        Server = server;
        Message = message;
        Exception = exception;
        MarkedDead = markedDead;
    }

    /// <summary>The server.</summary>
    public MemcachedServerAddress Server { get; }

    /// <summary>What happened.</summary>
    public string Message { get; }

    /// <summary>The underlying error.</summary>
    public Exception Exception { get; }

    /// <summary>Whether the server was marked dead (left out of the ring until its retry interval has passed).</summary>
    public bool MarkedDead { get; }
}
