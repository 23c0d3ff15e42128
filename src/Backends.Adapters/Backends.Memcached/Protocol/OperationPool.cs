namespace Backends.Memcached.Protocol;

/// <summary>A small lock-guarded stack of reusable operations.</summary>
internal sealed class OperationPool
{
    private const int MaxRetained = 1024;
    private readonly MemcachedOperation[] _items = new MemcachedOperation[MaxRetained];
    private readonly Lock _gate = new();
    private int _count;

    public MemcachedOperation Rent()
    {
        MemcachedOperation? operation = null;
        lock (_gate)
        {
            if (_count > 0)
            {
                operation = _items[--_count];
                _items[_count] = null!;
            }
        }

        operation ??= new MemcachedOperation(this);
        operation.Reset();
        return operation;
    }

    public void Return(MemcachedOperation operation)
    {
        lock (_gate)
        {
            if (_count < MaxRetained)
            {
                _items[_count++] = operation;
            }
        }
    }
}
