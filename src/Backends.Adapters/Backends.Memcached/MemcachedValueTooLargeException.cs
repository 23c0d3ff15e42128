namespace Backends.Memcached;

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
