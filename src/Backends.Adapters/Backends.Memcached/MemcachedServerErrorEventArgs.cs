namespace Backends.Memcached;

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
