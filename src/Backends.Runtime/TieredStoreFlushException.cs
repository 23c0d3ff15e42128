using System.Globalization;

namespace Backends.Runtime;

/// <summary>Raised (through <see cref="TieredStore.Error"/> and kept in <see cref="TieredStore.Errors"/>) when a store closed with writes that never reached storage.</summary>
public sealed class TieredStoreFlushException : Exception
{
    /// <summary>Creates the exception for <paramref name="store"/>.</summary>
    public TieredStoreFlushException(string store, int pendingWrites, TimeSpan flushTimeout)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"{store} closed with {pendingWrites} writes that did not reach storage within its flushTimeout of {flushTimeout.TotalSeconds:0.###} s; they are lost."))
    {
        Store = store;
        PendingWrites = pendingWrites;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TieredStoreFlushException()
        : this("a store", 0, TimeSpan.Zero)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TieredStoreFlushException(string message)
        : base(message) => Store = "";

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TieredStoreFlushException(string message, Exception innerException)
        : base(message, innerException) => Store = "";

    /// <summary>The store's full name, <c>"stores.sessions"</c>.</summary>
    public string Store { get; }

    /// <summary>How many writes were still pending.</summary>
    public int PendingWrites { get; }
}
