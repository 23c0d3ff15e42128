using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Backends.Memcached.Protocol;

/// <summary>
/// One open TCP connection to a memcached server, speaking the meta text protocol. Any number of callers write their
/// requests into a shared buffer; one of them at a time sends what has gathered (so concurrent requests go out
/// together, pipelined). Answers come back in request order and are matched to the queue of requests in flight, read
/// by the caller whose request found the connection idle (an inline wait, on its own thread) or else by the link's
/// reader thread. When the connection breaks every request in flight fails, and the link is never used again.
/// Memory is bounded: at most <c>maxInFlight</c> requests wait for answers (further callers wait for room), the write
/// buffer takes no more than <see cref="MaxWriteBufferSize"/> unless one request alone is larger, and buffers grown
/// for a large value are dropped once it has passed.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The semaphore never creates its wait handle (AvailableWaitHandle is not used), so it holds nothing to dispose; callers may still be waiting on it when the link fails.")]
internal sealed partial class MemcachedLink
{
    private const int InitialBufferSize = 16 * 1024;
    private const int RetainedBufferSize = 256 * 1024;
    private const int MaxLineLength = 8 * 1024;
    private const int MaxWriteBufferSize = 1024 * 1024;
    private const int SendChunkSize = 64 * 1024;

    /// <summary>Larger requests are not sent for an inline wait: the socket may not take them at once.</summary>
    private const int MaxInlineRequestSize = 16 * 1024;

    /// <summary>After an inline wait that other callers' requests joined, this many idle moments go without one.</summary>
    private const int InlineBackoffClaims = 256;

    /// <summary>
    /// A thread that has completed requests inline for this long in a row (in <see cref="Stopwatch"/> ticks, 1 ms) while
    /// other work waits for the thread pool lets the next answer (still read on its own thread) reach its caller through
    /// the pool's global queue instead, so that its thread goes back to the pool and takes the oldest waiting work:
    /// callers queued behind an inline caller that never yields (a request handler reading the cache in a loop) get
    /// their turn. When nothing waits, the run goes on: a hand-over wakes a pool worker, which spins before it sleeps
    /// again (measured: 2.2 <c>sched_yield</c> calls per get for a single caller when it was done every millisecond
    /// regardless, 8 % of its rate on a 2-core machine).
    /// </summary>
    private static readonly long MaxInlineRunTicks = Stopwatch.Frequency / 1000;

    /// <summary>
    /// An idle connection that answered less than this long ago (in <see cref="Stopwatch"/> ticks, 1 ms) is not checked
    /// for a close by the server before the next request: the check is one system call in four on a single caller's
    /// round trip, and a server that closed the connection within the last millisecond fails that request as if it had
    /// died a moment later, with the request in flight.
    /// </summary>
    private static readonly long IdleCheckAfterTicks = Stopwatch.Frequency / 1000;

    /// <summary>When this thread's run of inline completions began (a <see cref="Stopwatch"/> timestamp), or 0.</summary>
    [ThreadStatic]
    private static long t_inlineRunStarted;

    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    private readonly Socket _socket;
    private readonly MemcachedServer _server;
    private readonly Lock _gate = new();
    private readonly Queue<MemcachedOperation> _inFlight = new();
    private readonly SemaphoreSlim _room;
    private TaskCompletionSource? _drained;
    private byte[] _writeBuffer = new byte[InitialBufferSize];
    private byte[] _sendBuffer = new byte[InitialBufferSize];
    private int _writeCount;
    private bool _flushing;
    private bool _failed;
    private uint _nextOpaque;
    private long _waitingSince;
    private int _readBufferLength;
    private readonly int _inlineWaitMicroseconds;

    /// <summary>The longest an inline caller keeps reading before it sleeps in poll (<see cref="MemcachedClientOptions.SpinWait"/>), in Stopwatch ticks.</summary>
    private readonly long _maxSpinTicks;

    /// <summary>The usual time of an inline round trip on this connection (an average of the last few), in Stopwatch ticks; 0 before the first.</summary>
    private long _roundTripTicks;

    // The receive side (the socket's reads, the read buffer and its offsets) has one owner at a time, and _receiver,
    // guarded by _gate, says which: None (nothing is in flight, nothing half-read is buffered, nobody reads), Inline (the
    // caller whose request found the connection idle, reading on its own thread) or Loop (the reader thread). Only the
    // owner touches the read buffer. None is left only in TryWrite, in the same critical section that checks the idle
    // connection and queues the request; the owner gives it back under the gate once nothing is in flight. When the
    // link fails the owner (or Fail, when there is none) returns the read buffer to the pool.
    private Receiver _receiver;
    private byte[] _readBuffer;
    private long _inlineAnswers;
    private long _readerLoops;
    private int _inlineBackoff;
    private int _readStart;
    private int _readEnd;
    private long _idleSince;

    public MemcachedLink(Socket socket, MemcachedServer server, int maxInFlight, TimeSpan inlineWait, TimeSpan spinWait = default)
    {
        _maxSpinTicks = Math.Min(spinWait.Ticks, inlineWait.Ticks) * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        _socket = socket;
        _server = server;
        _room = new SemaphoreSlim(maxInFlight, maxInFlight);
        _inlineWaitMicroseconds = (int)Math.Min(int.MaxValue, inlineWait.Ticks / TimeSpan.TicksPerMicrosecond);
        _readBuffer = RentReadBuffer(InitialBufferSize);
        _readBufferLength = _readBuffer.Length;
    }

    public bool IsFailed => Volatile.Read(ref _failed);

    /// <summary>
    /// Whether nothing is in flight and nobody reads the connection: a hint read without the gate (it may be stale at
    /// once), for choosing a connection; <see cref="TryEnqueue"/> is right on any connection.
    /// </summary>
    public bool IsIdle => _receiver == Receiver.None && !IsFailed;

    /// <summary>See <see cref="MemcachedClientOptions.IdleConnectionTakenForTesting"/>.</summary>
    public Action? IdleConnectionTakenForTesting { get; init; }

    /// <summary>What the connection holds now, for tests and diagnostics.</summary>
    public ConnectionStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new ConnectionStats(
                    _inFlight.Count,
                    Volatile.Read(ref _readBufferLength),
                    Math.Max(_writeBuffer.Length, _sendBuffer.Length),
                    Volatile.Read(ref _inlineAnswers),
                    Volatile.Read(ref _readerLoops),
                    Volatile.Read(ref _reader),
                    Stopwatch.GetElapsedTime(0, Volatile.Read(ref _roundTripTicks)),
                    Stopwatch.GetElapsedTime(0, SpinTicks()));
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="operation"/>'s request when there is room at once; false when the link is full, its write
    /// buffer is, or it has failed (then <see cref="EnqueueAsync"/> waits for room or reports the failure). When the
    /// connection was idle the caller also waits for the answer here, on its own thread, for up to the inline wait.
    /// </summary>
    /// <param name="operation">The request.</param>
    /// <param name="cancellationToken">Stops the caller's wait.</param>
    /// <param name="deferInline">
    /// When the connection was idle, the caller takes its receive side but does not wait here: it sends its other
    /// requests first (a multi-get asks every server before it reads any answer) and must then call
    /// <see cref="ReceiveDeferred"/> (the operation's <see cref="MemcachedOperation.DeferredLink"/> says so).
    /// </param>
    public bool TryEnqueue(MemcachedOperation operation, CancellationToken cancellationToken, bool deferInline = false)
    {
        if (!_room.Wait(0, CancellationToken.None))
        {
            return false;
        }

        var wantInline = _inlineWaitMicroseconds > 0
            && (deferInline || operation.Kind != OperationKind.GetMany) // a multi-get's servers are asked in parallel, not one after the other
            && RequestSize(operation) <= MaxInlineRequestSize;
        if (TryWrite(operation, wantInline, cancellationToken, out _, out var flushing, out var inline))
        {
            if (inline && deferInline)
            {
                operation.DeferredLink = this;
                operation.DeferredFlushing = flushing;
            }
            else if (inline)
            {
                ReceiveInline(operation, flushing);
            }
            else
            {
                t_inlineRunStarted = 0; // the caller awaits an answer still to come: its thread goes back to its own caller
            }

            return true;
        }

        _room.Release();
        return false;
    }

    /// <summary>
    /// Writes <paramref name="operation"/>'s request, first waiting (honouring <paramref name="cancellationToken"/>) for
    /// a place among the requests in flight and for room in the write buffer; false when the link has failed.
    /// </summary>
    public async ValueTask<bool> EnqueueAsync(MemcachedOperation operation, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (IsFailed)
            {
                return false;
            }

            await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (TryWrite(operation, wantInline: false, cancellationToken, out var drained, out _, out _))
            {
                return true;
            }

            _room.Release();
            if (drained is null)
            {
                return false; // failed
            }

            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Nothing was in flight and nobody was reading: a connection the server closed meanwhile (a restart) would swallow
    /// the next request. A zero-timeout poll finds that out before anything is sent; the error to fail the link with,
    /// or null when it is sound. Called under the gate while the receive side is free, so that nobody else can have
    /// sent a request whose answer would make the socket readable: readable then means the server closed the
    /// connection (or sent what nobody asked for). The poll does not block, so holding the gate over it costs one
    /// system call, paid only when a connection goes from idle to busy.
    /// </summary>
    private (Exception Error, string What)? CheckIdleConnection()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead)
                ? (new IOException("the server closed the connection (or sent data nobody asked for) while it was idle"), "closed the connection")
                : null;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return (ex, "broke the connection");
        }
    }

    /// <summary>
    /// Waits on the caller's thread for the answer to <paramref name="operation"/>, reads it and completes the operation
    /// at once; whatever other answers arrive with it complete their callers as usual. On a connection whose answers
    /// come back quickly it first keeps reading for a moment (see <see cref="MemcachedClientOptions.SpinWait"/>), then
    /// sleeps in <c>poll</c>. After the inline wait, or when the request could not be sent at once, the reader thread
    /// takes over.
    /// </summary>
    private void ReceiveInline(MemcachedOperation operation, Task? flushing)
    {
        try
        {
            if (flushing is null || flushing.IsCompleted)
            {
                var started = Stopwatch.GetTimestamp();
                var deadline = started + (_inlineWaitMicroseconds * Stopwatch.Frequency / 1_000_000);
                var spinUntil = started + SpinTicks();
                while (!operation.IsSettled && !IsFailed)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (now < spinUntil)
                    {
                        if (!ReceiveAvailable()) // a read that does not wait: nothing yet reads as a false alarm
                        {
                            break;
                        }

                        continue;
                    }

                    var remaining = (deadline - now) * 1_000_000 / Stopwatch.Frequency;

                    // poll() counts whole milliseconds and the runtime rounds microseconds down: round up instead, or
                    // a wait under 1 ms would not wait at all.
                    if (remaining <= 0 || !_socket.Poll((int)Math.Min(int.MaxValue, (remaining + 999) / 1000 * 1000), SelectMode.SelectRead))
                    {
                        break;
                    }

                    if (!ReceiveAvailable())
                    {
                        break;
                    }
                }

                if (operation.IsSettled && !IsFailed)
                {
                    Volatile.Write(ref _inlineAnswers, _inlineAnswers + 1); // only the receive side's owner writes it
                    var roundTrip = Stopwatch.GetTimestamp() - started;
                    Volatile.Write(ref _roundTripTicks, _roundTripTicks == 0 ? roundTrip : _roundTripTicks + ((roundTrip - _roundTripTicks) / 8));
                    if (!operation.IsArmedInline)
                    {
                        t_inlineRunStarted = 0; // completed through the pool: the run is over
                    }
                    else if (t_inlineRunStarted == 0)
                    {
                        t_inlineRunStarted = Stopwatch.GetTimestamp();
                    }
                }
                else
                {
                    t_inlineRunStarted = 0; // the answer goes through the reader thread: the caller will await it
                }
            }
            else
            {
                t_inlineRunStarted = 0;
            }
        }
        catch (MemcachedProtocolException ex)
        {
            Fail(ex, "sent an answer out of protocol", markDead: false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Fail(ex, "broke the connection", markDead: false);
        }
        finally
        {
            operation.DisarmInline(); // from here on its answer reaches the caller through the thread pool
            HandOverReceive(operation);
        }
    }

    /// <summary>
    /// Reads the answer to <paramref name="operation"/>, whose request took this idle connection's receive side without
    /// waiting (<see cref="TryEnqueue"/> with <c>deferInline</c>), as an inline wait does; must be called exactly once for
    /// such an operation, however the caller's other requests went, or the connection is never read again.
    /// </summary>
    public void ReceiveDeferred(MemcachedOperation operation)
    {
        var flushing = operation.DeferredFlushing;
        operation.DeferredLink = null;
        operation.DeferredFlushing = null;
        ReceiveInline(operation, flushing);
    }

    /// <summary>
    /// How long an inline caller keeps reading before it sleeps: 1.5 times the usual round trip, at most
    /// <see cref="_maxSpinTicks"/>, and only when the usual round trip is under 100 µs (else a spin would rarely catch
    /// the answer and only burn CPU). The round trip is written by the receive side's owner only.
    /// </summary>
    private long SpinTicks()
    {
        var usual = Volatile.Read(ref _roundTripTicks);
        return usual == 0 || usual >= Stopwatch.Frequency / 10_000 ? 0 : Math.Min(_maxSpinTicks, usual * 3 / 2);
    }

    /// <summary>
    /// Whether inline waits are paused because callers contend for this connection: an inline wait holds a thread (on a
    /// busy pool, one of few) while other callers' answers wait for it, so under concurrency the reader thread serves
    /// everyone instead. Counts the idle claims down; called under the gate.
    /// </summary>
    private bool BackingOff()
    {
        if (_inlineBackoff == 0)
        {
            return false;
        }

        _inlineBackoff--;
        return true;
    }

    /// <summary>
    /// The inline owner lets go of the receive side: to nobody when nothing is in flight (nor half-read), else to the
    /// reader; when the link failed, it returns the read buffer.
    /// </summary>
    private void HandOverReceive(MemcachedOperation operation)
    {
        var failed = false;
        lock (_gate)
        {
            if (_failed)
            {
                failed = true;
            }
            else if (_inFlight.Count == 0 && _readStart == _readEnd)
            {
                _receiver = Receiver.None;
                _idleSince = Stopwatch.GetTimestamp();
                return;
            }
            else
            {
                // Other callers sent requests while this one waited inline: they contend for the connection, and the
                // reader serves for a while. When only the caller's own answer is late (a slow moment of the server or
                // the machine), the next idle caller waits inline again.
                if (_inFlight.Count > 1 || !_inFlight.TryPeek(out var head) || !ReferenceEquals(head, operation))
                {
                    _inlineBackoff = InlineBackoffClaims;
                }

                _receiver = Receiver.Loop;
            }
        }

        if (failed)
        {
            LeaveFailedReceive();
            return;
        }

        StartReader(); // observes its own failures: they fail the link (a failure from here on it sees at its start)
    }

    /// <summary>The owner of the receive side of a failed link lets go of it and returns the read buffer.</summary>
    private void LeaveFailedReceive()
    {
        byte[] buffer;
        lock (_gate)
        {
            _receiver = Receiver.None;
            buffer = _readBuffer;
            _readBuffer = [];
        }

        if (buffer.Length > 0)
        {
            ReturnReadBuffer(buffer);
        }
    }

    /// <summary>
    /// Writes the request under the gate and sends it (on this thread, as far as the socket takes it at once); false with
    /// <paramref name="drained"/> set when the write buffer is full, without it when the link failed (or was found
    /// closed while idle). When nobody reads the connection (it was idle) the idle connection is checked and the
    /// receive side taken in the same critical section as the request is queued: by this caller, to read its answer
    /// inline (<paramref name="inline"/>, only when <paramref name="wantInline"/>), or by the reader thread, woken here.
    /// </summary>
    private bool TryWrite(MemcachedOperation operation, bool wantInline, CancellationToken cancellationToken, out Task? drained, out Task? flushing, out bool inline)
    {
        bool flush;
        var startReader = false;
        var tookIdle = false;
        (Exception Error, string What)? broken = null;
        drained = null;
        flushing = null;
        inline = false;
        lock (_gate)
        {
            if (_failed)
            {
                return false;
            }

            if (_writeCount > 0 && _writeCount + RequestSize(operation) > MaxWriteBufferSize)
            {
                drained = (_drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                return false;
            }

            if (_receiver == Receiver.None)
            {
                tookIdle = true;
                Debug.Assert(_inFlight.Count == 0 && _readStart == _readEnd, "an idle connection has nothing in flight");
                broken = Stopwatch.GetTimestamp() - _idleSince < IdleCheckAfterTicks ? null : CheckIdleConnection();
                if (broken is null)
                {
                    inline = wantInline && !BackingOff();
                    _receiver = inline ? Receiver.Inline : Receiver.Loop;
                    startReader = !inline;
                }
            }

            if (broken is null)
            {
                operation.Opaque = ++_nextOpaque;
                WriteRequest(operation);
                if (_inFlight.Count == 0)
                {
                    _waitingSince = Environment.TickCount64;
                }

                if (inline && MayCompleteInline())
                {
                    operation.ArmInline(); // before anyone else can see it
                }

                _inFlight.Enqueue(operation);
                operation.AddReference();
            }

            flush = broken is null && !_flushing;
            _flushing |= flush;
        }

        if (tookIdle)
        {
            IdleConnectionTakenForTesting?.Invoke();
        }

        if (broken is { } failure)
        {
            Fail(failure.Error, failure.What, markDead: false); // the caller opens a new connection
            return false;
        }

        operation.RegisterCancellation(cancellationToken);
        if (flush)
        {
            flushing = FlushAsync(); // observes its own failures: they fail the link
        }

        if (startReader)
        {
            StartReader(); // observes its own failures: they fail the link
        }

        return true;
    }

    /// <summary>Whether the caller's request may complete inline, or its thread should go back to waiting work (see <see cref="MaxInlineRunTicks"/>).</summary>
    private static bool MayCompleteInline()
    {
        var started = t_inlineRunStarted;
        if (started == 0)
        {
            return true;
        }

        var now = Stopwatch.GetTimestamp();
        if (now - started < MaxInlineRunTicks)
        {
            return true;
        }

        if (ThreadPool.PendingWorkItemCount == 0)
        {
            t_inlineRunStarted = now; // nothing waits for a thread: look again in a millisecond
            return true;
        }

        return false;
    }

    private static int RequestSize(MemcachedOperation operation) => operation.Kind switch
    {
        OperationKind.Set => operation.KeyLength + operation.Value.Length + 96,
        OperationKind.GetMany => operation.Batch!.WireLength + (operation.Batch.Count * 9) + 4,
        _ => operation.KeyLength + 32,
    };

    /// <summary>Fails the link when requests have waited longer than <paramref name="readTimeoutMs"/> for an answer.</summary>
    public void CheckTimeout(long now, long readTimeoutMs)
    {
        long waitingSince;
        lock (_gate)
        {
            if (_failed || _inFlight.Count == 0)
            {
                return;
            }

            waitingSince = _waitingSince;
        }

        if (now - waitingSince > readTimeoutMs)
        {
            var timeout = new TimeoutException($"memcached server {_server.Name} did not answer within the read timeout of {readTimeoutMs} ms.");
            Fail(timeout, "did not answer within the read timeout", markDead: true);
        }
    }

    /// <summary>Closes the link because the client is disposed; requests in flight fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Close() => Fail(new ObjectDisposedException(nameof(MemcachedClient)), "was disconnected", markDead: false, disposing: true);

    /// <summary>Drops the link because its server was marked dead (already reported): requests in flight fail as unavailable.</summary>
    public void Abandon(Exception cause) => Fail(cause, "was marked dead", markDead: false, notifyServer: false);

    private void WriteRequest(MemcachedOperation operation)
    {
        switch (operation.Kind)
        {
            case OperationKind.Get:
                Write("mg "u8);
                Write(operation.KeySpan);
                Write(" v O"u8);
                WriteNumber(operation.Opaque);
                if (operation.WantCas)
                {
                    Write(" c"u8);
                }

                Write(CrLf);
                break;
            case OperationKind.Set:
                Write("ms "u8);
                Write(operation.KeySpan);
                Write(" "u8);
                WriteNumber((ulong)operation.Value.Length);
                if (operation.Expiration != 0)
                {
                    Write(" T"u8);
                    WriteNumber((ulong)operation.Expiration);
                }

                Write(" O"u8);
                WriteNumber(operation.Opaque);
                if (operation.CompareCas != 0)
                {
                    Write(" C"u8);
                    WriteNumber(operation.CompareCas);
                }

                if (operation.WantCas)
                {
                    Write(" c"u8);
                }

                Write(CrLf);
                Write(operation.Value.Span);
                Write(CrLf);
                break;
            case OperationKind.Delete:
                Write("md "u8);
                Write(operation.KeySpan);
                Write(" O"u8);
                WriteNumber(operation.Opaque);
                Write(CrLf);
                break;
            case OperationKind.NoOp:
                Write("mn\r\n"u8);
                break;
            case OperationKind.Version:
                Write("version\r\n"u8);
                break;
            case OperationKind.GetMany when !operation.BatchKeyByKey:
                // One classic get of every key: memcached answers the hits in request order and END (its cost per key is
                // half that of a meta get), or an error for the whole batch, which the caller then asks key by key.
                Write("get"u8);
                for (var i = 0; i < operation.Batch!.Count; i++)
                {
                    Write(" "u8);
                    Write(operation.Batch.WireKey(i));
                }

                Write(CrLf);
                break;
            case OperationKind.GetMany:
                // Each get answers (a miss with EN, four bytes), so that an error names its key by its place in the
                // batch; the no-op after them marks the end of the batch.
                var batch = operation.Batch!;
                for (var i = 0; i < batch.Count; i++)
                {
                    Write("mg "u8);
                    Write(batch.WireKey(i));
                    Write(" v k\r\n"u8);
                }

                Write("mn\r\n"u8);
                break;
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        if (_writeBuffer.Length - _writeCount < bytes.Length)
        {
            var grown = new byte[Math.Max(_writeBuffer.Length * 2, _writeCount + bytes.Length)];
            _writeBuffer.AsSpan(0, _writeCount).CopyTo(grown);
            _writeBuffer = grown;
        }

        bytes.CopyTo(_writeBuffer.AsSpan(_writeCount));
        _writeCount += bytes.Length;
    }

    private void WriteNumber(ulong value)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        Write(digits[..written]);
    }

    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                int count;
                TaskCompletionSource? drained;
                lock (_gate)
                {
                    if (_failed || _writeCount == 0)
                    {
                        _flushing = false;
                        if (_writeBuffer.Length > RetainedBufferSize)
                        {
                            _writeBuffer = new byte[InitialBufferSize];
                        }

                        return;
                    }

                    (_writeBuffer, _sendBuffer) = (_sendBuffer, _writeBuffer);
                    count = _writeCount;
                    _writeCount = 0;
                    drained = _drained;
                    _drained = null;
                }

                drained?.TrySetResult(); // writers waiting for room in the write buffer go on
                var sent = 0;
                while (sent < count)
                {
                    // In chunks, each one progress: a long upload on a slow link is not a server that stopped answering.
                    sent += await _socket.SendAsync(_sendBuffer.AsMemory(sent, Math.Min(SendChunkSize, count - sent)), SocketFlags.None).ConfigureAwait(false);
                    Volatile.Write(ref _waitingSince, Environment.TickCount64);
                }

                if (_sendBuffer.Length > RetainedBufferSize)
                {
                    _sendBuffer = new byte[InitialBufferSize]; // a large value grew it; do not keep megabytes per connection
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Fail(ex, "broke the connection while we were sending", markDead: false);
        }
    }

    /// <summary>
    /// Reads what the socket holds (it was found readable) and takes every whole answer; false when the server closed
    /// the connection (the link has failed then).
    /// </summary>
    private bool ReceiveAvailable()
    {
        var read = _socket.Receive(_readBuffer.AsSpan(_readEnd), SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            return true; // readable was a false alarm
        }

        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }

        if (read == 0)
        {
            Fail(new IOException("the server closed the connection"), "closed the connection", markDead: false);
            return false;
        }

        OnReceived(read);
        return true;
    }

    /// <summary>Takes <paramref name="read"/> bytes just received into the read buffer: completes every whole answer, keeps a partial one.</summary>
    private void OnReceived(int read)
    {
        _readEnd += read;
        Volatile.Write(ref _waitingSince, Environment.TickCount64); // bytes arriving are progress, even mid-value
        var needed = 0;
        while (_readStart < _readEnd)
        {
            var consumed = ProcessAnswer(_readBuffer.AsSpan(_readStart, _readEnd - _readStart), out needed);
            if (consumed == 0)
            {
                break;
            }

            _readStart += consumed;
            needed = 0;
        }

        var buffer = _readBuffer;
        if (_readStart == _readEnd)
        {
            _readStart = _readEnd = 0;
            if (buffer.Length > RetainedBufferSize)
            {
                // A large value grew it: let it go rather than keep megabytes per connection.
                ReturnReadBuffer(buffer);
                _readBuffer = RentReadBuffer(InitialBufferSize);
                Volatile.Write(ref _readBufferLength, _readBuffer.Length);
            }
        }
        else if (needed > buffer.Length - _readStart || _readEnd == buffer.Length)
        {
            // Make room for the rest of a partial answer: move it to the front, growing the buffer if it cannot fit.
            var size = Math.Max(needed, _readEnd - _readStart);
            var target = size + InitialBufferSize > buffer.Length ? RentReadBuffer(size + InitialBufferSize) : buffer;
            buffer.AsSpan(_readStart, _readEnd - _readStart).CopyTo(target);
            if (!ReferenceEquals(target, buffer))
            {
                ReturnReadBuffer(buffer);
                _readBuffer = target;
                Volatile.Write(ref _readBufferLength, target.Length);
            }

            _readEnd -= _readStart;
            _readStart = 0;
        }
    }

    /// <summary>Buffers up to <see cref="RetainedBufferSize"/> come from the shared pool; larger ones are allocated, so that the garbage collector (not the pool) takes them back.</summary>
    private static byte[] RentReadBuffer(int size) =>
        size <= RetainedBufferSize ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void ReturnReadBuffer(byte[] buffer)
    {
        if (buffer.Length <= RetainedBufferSize)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Removes the answered operation from the head of the queue, taking over the queue's reference to it; false when
    /// the link failed meanwhile (the failure completed and released every queued operation).
    /// </summary>
    private bool Take(MemcachedOperation operation)
    {
        lock (_gate)
        {
            if (_failed || !_inFlight.TryPeek(out var head) || !ReferenceEquals(head, operation))
            {
                return false;
            }

            _inFlight.Dequeue();
            _waitingSince = Environment.TickCount64;
        }

        _room.Release();
        return true;
    }

    private void Fail(Exception cause, string what, bool markDead, bool disposing = false, bool notifyServer = true)
    {
        MemcachedOperation[] orphans;
        TaskCompletionSource? drained;
        byte[]? idleBuffer = null;
        lock (_gate)
        {
            if (_failed)
            {
                return;
            }

            _failed = true;
            orphans = [.. _inFlight];
            _inFlight.Clear();
            _writeCount = 0;
            drained = _drained;
            _drained = null;
            if (_receiver == Receiver.None)
            {
                // Nobody owns the receive side, and nobody can take it now: the read buffer goes back here.
                idleBuffer = _readBuffer;
                _readBuffer = [];
            }
        }

        if (idleBuffer is { Length: > 0 })
        {
            ReturnReadBuffer(idleBuffer);
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both); // wakes a reader thread waiting in poll
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already reset by the server, or closed
        }

        _socket.Dispose();
        StopReader();
        drained?.TrySetResult();
        if (orphans.Length > 0)
        {
            _room.Release(orphans.Length); // callers waiting for room wake, see the failure and go elsewhere
        }

        var message = $"memcached server {_server.Name} {what}: {cause.Message}";
        foreach (var operation in orphans)
        {
            if (operation.TryBeginComplete())
            {
                operation.Fail(disposing
                    ? new ObjectDisposedException(nameof(MemcachedClient), "The memcached client was disposed while the request was in flight.")
                    : new MemcachedServerUnavailableException(message, cause) { Server = _server.Name });
            }
            else
            {
                operation.Release();
            }
        }

        if (!disposing && notifyServer)
        {
            _server.OnLinkFailed(this, cause, message, markDead);
        }
    }
}
