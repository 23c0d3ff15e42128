using System.Buffers;
using System.Runtime.CompilerServices;

namespace Backends.Memcached.Protocol;

/// <summary>
/// The keys of one server's share of a multi-get, as sent, and their answers by position: the wire keys one after another
/// in one pooled buffer, where each ends, and which of the caller's keys each is. Its arrays come from the shared pools
/// and go back in <see cref="Return"/>, once the request is over, so a multi-get allocates only what it returns.
/// </summary>
internal sealed class KeyBatch
{
    private byte[] _wire;
    private int[] _ends;
    private int[] _indexes;
    private byte[]?[] _values;
    private int _wireLength;
    private IReadOnlyList<string> _names;

    public KeyBatch(IReadOnlyList<string> names, int capacity)
    {
        _names = names;
        _wire = ArrayPool<byte>.Shared.Rent(capacity * 32);
        _ends = ArrayPool<int>.Shared.Rent(capacity);
        _indexes = ArrayPool<int>.Shared.Rent(capacity);
        _values = ArrayPool<byte[]?>.Shared.Rent(capacity);
    }

    /// <summary>How many keys the batch holds.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes of every wire key together.</summary>
    public int WireLength => _wireLength;

    /// <summary>Adds a key: its wire form and its place among the caller's keys.</summary>
    public void Add(ReadOnlySpan<byte> wireKey, int index)
    {
        if (Count == _ends.Length)
        {
            _ends = Grow(ArrayPool<int>.Shared, _ends, Count * 2, Count);
            _indexes = Grow(ArrayPool<int>.Shared, _indexes, Count * 2, Count);
            _values = Grow(ArrayPool<byte[]?>.Shared, _values, Count * 2, 0);
        }

        if (_wire.Length - _wireLength < wireKey.Length)
        {
            _wire = Grow(ArrayPool<byte>.Shared, _wire, Math.Max(_wire.Length * 2, _wireLength + wireKey.Length), _wireLength);
        }

        wireKey.CopyTo(_wire.AsSpan(_wireLength));
        _wireLength += wireKey.Length;
        _ends[Count] = _wireLength;
        _indexes[Count] = index;
        _values[Count] = null;
        Count++;
    }

    /// <summary>The wire form of the key at <paramref name="position"/>.</summary>
    public ReadOnlySpan<byte> WireKey(int position)
    {
        var start = position == 0 ? 0 : _ends[position - 1];
        return _wire.AsSpan(start, _ends[position] - start);
    }

    /// <summary>Which of the caller's keys is at <paramref name="position"/>.</summary>
    public int IndexOf(int position) => _indexes[position];

    /// <summary>The caller's name of the key at <paramref name="position"/>.</summary>
    public string KeyAt(int position) => _names[_indexes[position]];

    /// <summary>The value found for the key at <paramref name="position"/>, or null for a miss.</summary>
    public byte[]? ValueAt(int position) => _values[position];

    /// <summary>Records the value of the key at <paramref name="position"/>.</summary>
    public void SetValue(int position, byte[] value) => _values[position] = value;

    /// <summary>Gives the arrays back to the pools; the batch is not used again.</summary>
    public void Return()
    {
        ArrayPool<byte>.Shared.Return(_wire);
        ArrayPool<int>.Shared.Return(_ends);
        ArrayPool<int>.Shared.Return(_indexes);
        ArrayPool<byte[]?>.Shared.Return(_values, clearArray: true); // the values belong to the caller now
        _wire = [];
        _ends = [];
        _indexes = [];
        _values = [];
        _names = [];
        Count = 0;
        _wireLength = 0;
    }

    private static T[] Grow<T>(ArrayPool<T> pool, T[] array, int size, int keep)
    {
        var grown = pool.Rent(size);
        array.AsSpan(0, keep).CopyTo(grown);
        pool.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        return grown;
    }
}
