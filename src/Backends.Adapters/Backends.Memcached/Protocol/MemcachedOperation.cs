using System.Buffers;
using System.Threading.Tasks.Sources;

namespace Backends.Memcached.Protocol;

/// <summary>
/// One request in flight: its encoded key and arguments, and the awaitable its caller waits on. Pooled and reused,
/// so a request allocates nothing. Two parties hold it: the caller (until it has read the result) and the connection
/// (from the moment the request is written until its answer is read or the connection fails); whoever lets go last
/// returns it to the pool.
/// </summary>
internal sealed class MemcachedOperation : IValueTaskSource, IThreadPoolWorkItem
{
    private const int Pending = 0;
    private const int Completing = 1;
    private const int Cancelled = 2;

    private const int InlineOff = 0;
    private const int InlineArmed = 1;
    private const int InlineTaken = 2;
    private const int InlineDone = 3;

    private readonly OperationPool _pool;
    private ManualResetValueTaskSourceCore<bool> _core;
    private int _state;
    private int _references;
    private int _inline;
    private CancellationTokenRegistration _cancellation;

    public MemcachedOperation(OperationPool pool)
    {
        _pool = pool;
        _core.RunContinuationsAsynchronously = false; // completions already run on the thread pool, see Complete
    }

    /// <summary>The key as sent: UTF-8, key prefix included.</summary>
    public byte[] Key { get; } = new byte[MemcachedKey.MaxLength];

    public int KeyLength { get; set; }

    public ReadOnlySpan<byte> KeySpan => Key.AsSpan(0, KeyLength);

    public OperationKind Kind { get; set; }

    /// <summary>Where a get copies the value.</summary>
    public IBufferWriter<byte>? Destination { get; set; }

    /// <summary>The value of a get without <see cref="Destination"/>, in an array of its exact size.</summary>
    public byte[]? Result { get; set; }

    /// <summary>The value a set stores.</summary>
    public ReadOnlyMemory<byte> Value { get; set; }

    /// <summary>The expiration token of a set (seconds, or a Unix time past 30 days); 0 never expires.</summary>
    public long Expiration { get; set; }

    /// <summary>The CAS value a set must match; 0 for none.</summary>
    public ulong CompareCas { get; set; }

    /// <summary>Whether the answer should carry the item's CAS value.</summary>
    public bool WantCas { get; set; }

    /// <summary>The opaque token written with the request and checked against the answer's.</summary>
    public uint Opaque { get; set; }

    /// <summary>
    /// The keys of a batched get, as sent, and the values found. Owned by the operation from here on: its pooled arrays
    /// go back when the last reference is released (a cancelled caller may leave while the connection still fills it).
    /// </summary>
    public KeyBatch? Batch { get; set; }

    public OperationStatus Status { get; set; }

    public ulong Cas { get; set; }

    public string? Text { get; set; }

    /// <summary>How many keys of the batch have been answered (a value, a miss or an error).</summary>
    public int BatchAnswered { get; set; }

    /// <summary>The keys of the batch the server failed, with its error; they count as misses.</summary>
    public List<MemcachedException>? BatchErrors { get; set; }

    /// <summary>
    /// Whether the batch asks key by key (<c>mg</c> per key, each answered, an error naming its key) instead of with one
    /// classic <c>get</c> of every key (which costs the server half as much, but answers an error for the whole batch).
    /// </summary>
    public bool BatchKeyByKey { get; set; }

    /// <summary>The error a classic batch was answered with instead of its values; the caller asks again key by key.</summary>
    public MemcachedServerException? BatchFailure { get; set; }

    public Exception? Error { get; set; }

    /// <summary>The connection whose receive side this request took without waiting; the caller reads it (see <see cref="MemcachedLink.ReceiveDeferred"/>).</summary>
    public MemcachedLink? DeferredLink { get; set; }

    /// <summary>The send that was under way when the request was written for a deferred inline wait, if any.</summary>
    public Task? DeferredFlushing { get; set; }

    public short Version => _core.Version;

    public ValueTask AsValueTask() => new(this, _core.Version);

    /// <summary>Prepares a rented operation; the caller holds the one reference.</summary>
    public void Reset()
    {
        _core.Reset();
        _state = Pending;
        _references = 1;
        _inline = InlineOff;
        KeyLength = 0;
        Destination = null;
        Result = null;
        Value = default;
        Expiration = 0;
        CompareCas = 0;
        WantCas = false;
        Opaque = 0;
        Batch = null;
        BatchAnswered = 0;
        BatchErrors = null;
        BatchKeyByKey = false;
        BatchFailure = null;
        Status = OperationStatus.None;
        Cas = 0;
        Text = null;
        Error = null;
        DeferredLink = null;
        DeferredFlushing = null;
    }

    /// <summary>The connection takes its reference when it writes the request.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Lets go of one reference; the last returns the operation to the pool.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Batch?.Return();
            Batch = null;
            _pool.Return(this);
        }
    }

    /// <summary>
    /// The caller stops listening for cancellation once it has its result. Done on the caller's side: when the caller
    /// runs inside the cancellation callback itself, disposing there returns at once instead of waiting for the callback.
    /// </summary>
    public void EndWait()
    {
        _cancellation.Dispose();
        _cancellation = default;
    }

    /// <summary>Cancels the caller's wait when <paramref name="cancellationToken"/> fires; the request itself stays on the wire.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((MemcachedOperation)state!).Cancel(token), this);
        }
    }

    /// <summary>Whether the answer was taken (or the caller gave up): an inline waiter stops waiting.</summary>
    public bool IsSettled => Volatile.Read(ref _state) != Pending;

    /// <summary>
    /// The caller waits for the answer on its own thread and has not awaited yet: whoever completes the operation until
    /// <see cref="DisarmInline"/> sets the result at once (no continuation can be registered, so none runs there) instead
    /// of queueing it to the thread pool. Set before the request becomes visible to the connection's reader.
    /// </summary>
    public void ArmInline() => _inline = InlineArmed;

    /// <summary>Whether the operation was armed for inline completion (read by the inline waiter before it disarms it).</summary>
    public bool IsArmedInline => Volatile.Read(ref _inline) != InlineOff;

    /// <summary>
    /// Ends the inline wait before the caller awaits. When another thread is completing the operation inline right now
    /// (a failing connection), waits the few instructions until the result is set, so that the caller's continuation is
    /// never run on that thread.
    /// </summary>
    public void DisarmInline()
    {
        if (Interlocked.CompareExchange(ref _inline, InlineOff, InlineArmed) == InlineTaken)
        {
            var spinner = default(SpinWait);
            while (Volatile.Read(ref _inline) != InlineDone)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Claims the right to write the result; false when the caller already gave up (cancelled).</summary>
    public bool TryBeginComplete() => Interlocked.CompareExchange(ref _state, Completing, Pending) == Pending;

    /// <summary>
    /// Hands the result to the caller on the thread pool, so caller code never runs on (or blocks) the connection's
    /// reader. Queued globally: from an inline caller's thread that hands over (see <c>MemcachedLink.MaxInlineRunTicks</c>)
    /// the oldest waiting work goes first, not this caller again. A caller waiting inline (<see cref="ArmInline"/>) has
    /// not awaited yet: its result is set at once, with no hand-off.
    /// </summary>
    public void Complete()
    {
        if (Volatile.Read(ref _inline) == InlineArmed && Interlocked.CompareExchange(ref _inline, InlineTaken, InlineArmed) == InlineArmed)
        {
            ((IThreadPoolWorkItem)this).Execute(); // the caller still holds its reference: the operation stays ours
            Volatile.Write(ref _inline, InlineDone);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Hands an error to the caller.</summary>
    public void Fail(Exception error)
    {
        Error = error;
        Complete();
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (Error is { } error)
        {
            _core.SetException(error);
        }
        else
        {
            _core.SetResult(true);
        }

        Release(); // the connection's reference
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Pending) == Pending)
        {
            _core.SetException(new OperationCanceledException(token));
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
