namespace Backends.Memcached;

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
