namespace Backends.Memcached;

/// <summary>The base of the errors the memcached client raises for a server's answer or its absence.</summary>
public class MemcachedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MemcachedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemcachedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MemcachedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server concerned (<c>host:port</c>), when one is.</summary>
    public string? Server { get; init; }
}

/// <summary>A key memcached cannot take: empty, over 250 bytes, or holding a space or control character.</summary>
public sealed class MemcachedKeyException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public MemcachedKeyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemcachedKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MemcachedKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal MemcachedKeyException(string key, string message)
        : base(message, nameof(key)) => Key = key;

    /// <summary>The rejected key.</summary>
    public string? Key { get; }
}

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

/// <summary>The server could not carry out a command (<c>SERVER_ERROR ...</c>).</summary>
public class MemcachedServerException : MemcachedException
{
    /// <summary>Creates the exception.</summary>
    public MemcachedServerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemcachedServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MemcachedServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The value is larger than the server's item size limit (<c>SERVER_ERROR object too large for cache</c>; memcached's <c>-I</c>, 1 MB by default).</summary>
public sealed class MemcachedValueTooLargeException : MemcachedServerException
{
    /// <summary>Creates the exception.</summary>
    public MemcachedValueTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MemcachedValueTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public MemcachedValueTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The size of the rejected value in bytes.</summary>
    public int ValueLength { get; init; }
}

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
