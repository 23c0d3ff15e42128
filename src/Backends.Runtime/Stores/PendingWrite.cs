namespace Backends.Runtime.Stores;

/// <summary>One storage write a <see cref="TieredStore"/> has accepted and not yet done: a value to set, or a delete.</summary>
internal sealed class PendingWrite
{
    public PendingWrite(string key, byte[]? value, DateTimeOffset? expiresAt, long sequence)
    {
        Key = key;
        Value = value;
        ExpiresAt = expiresAt;
        Sequence = sequence;
        FirstSequence = sequence;
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary>The value to store, or <see langword="null"/> for a delete.</summary>
    public byte[]? Value { get; }

    /// <summary>When the value expires (UTC), or <see langword="null"/> for never.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The order in which the store accepted this write, among all its writes.</summary>
    public long Sequence { get; }

    /// <summary>The version of the key's stripe once this write was accepted (see <see cref="WriteBehindQueue.Version"/>).</summary>
    public long Version { get; set; }

    /// <summary>The sequence of the oldest write this one replaced (coalesced), so a flush waits for it too.</summary>
    public long FirstSequence { get; set; }

    /// <summary>Whether this write is a delete, or a value that has expired by <paramref name="now"/> (which storage must not hold either).</summary>
    public bool RemovesAt(DateTimeOffset now) => Value is null || ExpiresAt <= now;
}
