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
