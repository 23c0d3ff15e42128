namespace Backends.Memcached;

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
