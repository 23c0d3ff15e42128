namespace Backends.Memcached;

/// <summary>
/// The server the key maps to cannot be reached: the connection was refused or broke, it did not answer within the
/// read timeout, or it is marked dead and waits for its retry interval. Writes raise it; reads treat it as a miss.
/// </summary>
public sealed class MemcachedServerUnavailableException : MemcachedException
{
    /// <summary>Creates the exception.</summary>
    public MemcachedServerUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemcachedServerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MemcachedServerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
