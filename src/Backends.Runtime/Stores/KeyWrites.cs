namespace Backends.Runtime.Stores;

/// <summary>The storage writes of one key: the one being written, and the latest one waiting behind it.</summary>
internal sealed class KeyWrites(string key)
{
    public string Key { get; } = key;

    /// <summary>The write the background writer is carrying out; <see langword="null"/> when none is.</summary>
    public PendingWrite? InFlight { get; set; }

    /// <summary>The latest write waiting for its turn; a newer write to the key replaces it.</summary>
    public PendingWrite? Next { get; set; }

    /// <summary>The key's node in the ready list while it waits there.</summary>
    public LinkedListNode<KeyWrites>? ReadyNode { get; set; }

    /// <summary>The newest write of the key: what a read sees before storage has it.</summary>
    public PendingWrite? Latest => Next ?? InFlight;
}
