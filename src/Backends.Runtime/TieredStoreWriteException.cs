namespace Backends.Runtime;

/// <summary>Raised (through <see cref="TieredStore.Error"/>) when storage refused a write for good (retrying cannot help), so the write is lost.</summary>
public sealed class TieredStoreWriteException : Exception
{
    /// <summary>Creates the exception for a write of <paramref name="key"/> that <paramref name="store"/>'s storage refused.</summary>
    public TieredStoreWriteException(string store, string key, Exception innerException)
        : base($"{store}: storage refused the write of key \"{key}\" (retrying cannot fix it): {innerException?.Message}", innerException)
    {
        Store = store;
        Key = key;
    }

    /// <summary>Creates the exception.</summary>
    public TieredStoreWriteException()
        : this("")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TieredStoreWriteException(string message)
        : base(message)
    {
        Store = "";
        Key = "";
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TieredStoreWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
        Store = "";
        Key = "";
    }

    /// <summary>The store's full name.</summary>
    public string Store { get; }

    /// <summary>The key whose write was refused.</summary>
    public string Key { get; }
}
