namespace Backends.Memcached;

/// <summary>The server answered something the protocol does not allow here (<c>ERROR</c>, <c>CLIENT_ERROR</c>, or an unexpected line).</summary>
public sealed class MemcachedProtocolException : MemcachedException
{
    /// <summary>Creates the exception.</summary>
    public MemcachedProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemcachedProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MemcachedProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
