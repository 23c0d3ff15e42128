namespace Backends.Runtime.Stores;

/// <summary>
/// The storage writes a <see cref="TieredStore"/> has accepted: ordered per key (a key's next write starts only after
/// the one in flight is done), bounded (<see cref="EnqueueAsync"/> waits while <see cref="Capacity"/> writes are
/// pending), and coalescing (a write to a key whose previous write has not started replaces it and takes no room).
/// </summary>
/// <remarks>
/// Every key also maps to one of <see cref="Stripes"/> version counters, bumped on each write under the lock: the
/// store compares them before and after a cache write or refill to tell whether a newer write to the key raced it.
/// </remarks>
internal sealed class WriteBehindQueue
{
    private const int Stripes = 4096;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyWrites> _keys = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyWrites> _ready = new();
    private readonly long[] _versions = new long[Stripes];
    private readonly List<(long Sequence, TaskCompletionSource Done)> _flushes = [];
    private TaskCompletionSource _space = NewSignal();
    private TaskCompletionSource _work = NewSignal();
    private long _sequence;
    private int _count;
    private int _peak;
    private bool _closed;

    public WriteBehindQueue(int capacity, Action<int> countChanged)
    {
        Capacity = capacity;
        CountChanged = countChanged;
    }

    /// <summary>The most writes that may be pending.</summary>
    public int Capacity { get; }

    /// <summary>How many writes are pending (waiting or in flight).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The most writes that were ever pending at once.</summary>
    public int Peak => Volatile.Read(ref _peak);

    private Action<int> CountChanged { get; }

    /// <summary>The version of <paramref name="key"/>'s stripe; it changes whenever a write to the key (or a key sharing its stripe) is accepted.</summary>
    public long Version(string key) => Volatile.Read(ref _versions[Stripe(key)]);

    /// <summary>Returns the newest pending write of <paramref name="key"/>, if any.</summary>
    public PendingWrite? Latest(string key)
    {
        lock (_gate)
        {
            return _keys.TryGetValue(key, out var writes) ? writes.Latest : null;
        }
    }

    /// <summary>
    /// Accepts a write, waiting for room while <see cref="Capacity"/> writes are pending. Returns the write and the
    /// key's newest write before it (<see langword="null"/> when the key had none pending), and the key's version
    /// just before the write was accepted.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The queue is closed.</exception>
    public async ValueTask<(PendingWrite Write, PendingWrite? Previous, long VersionBefore)> EnqueueAsync(
        string key, byte[]? value, DateTimeOffset? expiresAt, string owner, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task room;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_closed, owner);
                _keys.TryGetValue(key, out var writes);
                if (writes?.Next is not null || _count < Capacity)
                {
                    var write = new PendingWrite(key, value, expiresAt, ++_sequence);
                    write.Version = Interlocked.Increment(ref _versions[Stripe(key)]);
                    var previous = writes?.Latest;
                    if (writes is null)
                    {
                        _keys[key] = writes = new KeyWrites(key);
                    }

                    if (writes.Next is { } replaced)
                    {
                        write.FirstSequence = replaced.FirstSequence;
                    }
                    else
                    {
                        _count++;
                        _peak = Math.Max(_peak, _count);
                    }

                    writes.Next = write;
                    if (writes.InFlight is null && writes.ReadyNode is null)
                    {
                        writes.ReadyNode = _ready.AddLast(writes);
                        Signal(ref _work);
                    }

                    CountChanged(_count);
                    return (write, previous, write.Version - 1);
                }

                room = _space.Task;
            }

            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> keys' next writes to carry out; each key's write is then in flight.</summary>
    public List<PendingWrite> TakeBatch(int max)
    {
        var batch = new List<PendingWrite>(Math.Min(max, 64));
        lock (_gate)
        {
            while (batch.Count < max && _ready.First is { } node)
            {
                var writes = node.Value;
                _ready.RemoveFirst();
                writes.ReadyNode = null;
                writes.InFlight = writes.Next;
                writes.Next = null;
                batch.Add(writes.InFlight!);
            }
        }

        return batch;
    }

    /// <summary>Completes when there may be writes to take, or when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _ready.Count > 0 ? Task.CompletedTask : _work.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Settles a batch taken with <see cref="TakeBatch"/>: a done write leaves the queue and lets the key's next write
    /// go; a failed one goes back to the front, merged into the key's newer write when there is one (the newer one
    /// supersedes it in storage anyway).
    /// </summary>
    public void Complete(IReadOnlyList<PendingWrite> batch, IReadOnlyList<bool> done)
    {
        lock (_gate)
        {
            var before = _count;
            for (var i = batch.Count - 1; i >= 0; i--)
            {
                var write = batch[i];
                var writes = _keys[write.Key];
                writes.InFlight = null;
                if (done[i])
                {
                    _count--;
                    if (writes.Next is not null)
                    {
                        writes.ReadyNode = _ready.AddLast(writes);
                    }
                    else
                    {
                        _keys.Remove(write.Key);
                    }
                }
                else
                {
                    if (writes.Next is { } newer)
                    {
                        newer.FirstSequence = Math.Min(newer.FirstSequence, write.FirstSequence);
                        _count--;
                    }
                    else
                    {
                        writes.Next = write;
                    }

                    writes.ReadyNode = _ready.AddFirst(writes);
                }
            }

            if (_ready.Count > 0)
            {
                Signal(ref _work);
            }

            if (_count < before)
            {
                Signal(ref _space);
            }

            CountChanged(_count);
            SettleFlushes();
        }
    }

    /// <summary>Completes when every write accepted before the call is done (or merged into a later write that is done).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var upTo = _sequence;
            if (OldestPending() > upTo)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushes.Add((upTo, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Refuses every further write; writers waiting for room get <see cref="ObjectDisposedException"/>.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Signal(ref _space);
            Signal(ref _work);
        }
    }

    /// <summary>Empties a closed queue and returns how many writes were still pending.</summary>
    public int Abandon()
    {
        lock (_gate)
        {
            var abandoned = _count;
            _keys.Clear();
            _ready.Clear();
            _count = 0;
            CountChanged(0);
            foreach (var (_, done) in _flushes)
            {
                done.TrySetException(new ObjectDisposedException("The store closed with writes still pending."));

                // A flush whose caller gave up (the close's own, timed out) has no one left to observe the fault.
                _ = done.Task.Exception;
            }

            _flushes.Clear();
            return abandoned;
        }
    }

    private long OldestPending()
    {
        var oldest = long.MaxValue;
        foreach (var writes in _keys.Values)
        {
            if (writes.InFlight is { } inFlight)
            {
                oldest = Math.Min(oldest, inFlight.FirstSequence);
            }

            if (writes.Next is { } next)
            {
                oldest = Math.Min(oldest, next.FirstSequence);
            }
        }

        return oldest;
    }

    private void SettleFlushes()
    {
        if (_flushes.Count == 0)
        {
            return;
        }

        var oldest = OldestPending();
        for (var i = _flushes.Count - 1; i >= 0; i--)
        {
            if (_flushes[i].Sequence < oldest)
            {
                _flushes[i].Done.TrySetResult();
                _flushes.RemoveAt(i);
            }
        }
    }

    private static int Stripe(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % Stripes);

    private static void Signal(ref TaskCompletionSource signal)
    {
        signal.TrySetResult();
        signal = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
