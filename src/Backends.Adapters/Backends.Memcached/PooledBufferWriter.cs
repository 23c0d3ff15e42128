using System.Buffers;
using System.Text.Json;

namespace Backends.Memcached;

/// <summary>
/// A reusable <see cref="IBufferWriter{T}"/> over <see cref="ArrayPool{T}"/> memory, with its own
/// <see cref="Utf8JsonWriter"/>, rented from a small pool so that typed gets and sets allocate no buffers.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int MaxRetained = 64;
    private const int MaxRetainedSize = 256 * 1024;
    private static readonly Stack<PooledBufferWriter> s_pool = new();
    private static readonly Lock s_gate = new();

    private byte[] _buffer = [];
    private int _count;
    private Utf8JsonWriter? _json;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _count);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _count);

    public static PooledBufferWriter Rent()
    {
        lock (s_gate)
        {
            if (s_pool.TryPop(out var writer))
            {
                return writer;
            }
        }

        return new PooledBufferWriter();
    }

    /// <summary>A JSON writer over this buffer, reset for a new document.</summary>
    public Utf8JsonWriter Json()
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(this, new JsonWriterOptions { SkipValidation = true });
        }
        else
        {
            _json.Reset(this);
        }

        return _json;
    }

    public void Advance(int count) => _count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_count);
    }

    /// <summary>Returns the writer (and, unless it grew very large, its buffer) for reuse.</summary>
    public void Dispose()
    {
        _count = 0;
        if (_buffer.Length > MaxRetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        lock (s_gate)
        {
            if (s_pool.Count < MaxRetained)
            {
                s_pool.Push(this);
                return;
            }
        }

        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = _count + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(256, _buffer.Length * 2)));
        _buffer.AsSpan(0, _count).CopyTo(grown);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = grown;
    }
}
