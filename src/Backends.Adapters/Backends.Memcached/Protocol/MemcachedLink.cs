using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Backends.Memcached.Protocol;

/// <summary>
/// One open TCP connection to a memcached server, speaking the meta text protocol. Any number of callers write their
/// requests into a shared buffer; one of them at a time sends what has gathered (so concurrent requests go out
/// together, pipelined); a reader loop matches the answers, which come back in request order, to the queue of
/// requests in flight. When the connection breaks every request in flight fails, and the link is never used again.
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

    public MemcachedLink(Socket socket, MemcachedServer server, int maxInFlight)
    {
        _socket = socket;
        _server = server;
        _room = new SemaphoreSlim(maxInFlight, maxInFlight);
        _ = ReadLoopAsync(); // observes its own failures: they fail the link
    }

    public bool IsFailed => Volatile.Read(ref _failed);

    /// <summary>What the connection holds now, for tests and diagnostics.</summary>
    public ConnectionStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new ConnectionStats(_inFlight.Count, Volatile.Read(ref _readBufferLength), Math.Max(_writeBuffer.Length, _sendBuffer.Length));
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="operation"/>'s request when there is room at once; false when the link is full, its write
    /// buffer is, or it has failed (then <see cref="EnqueueAsync"/> waits for room or reports the failure).
    /// </summary>
    public bool TryEnqueue(MemcachedOperation operation, CancellationToken cancellationToken)
    {
        if (!_room.Wait(0, CancellationToken.None))
        {
            return false;
        }

        if (TryWrite(operation, cancellationToken, out _))
        {
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
            if (TryWrite(operation, cancellationToken, out var drained))
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

    /// <summary>Writes the request under the gate; false with <paramref name="drained"/> set when the write buffer is full, without it when the link failed.</summary>
    private bool TryWrite(MemcachedOperation operation, CancellationToken cancellationToken, out Task? drained)
    {
        bool flush;
        drained = null;
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

            operation.Opaque = ++_nextOpaque;
            WriteRequest(operation);
            if (_inFlight.Count == 0)
            {
                _waitingSince = Environment.TickCount64;
            }

            _inFlight.Enqueue(operation);
            operation.AddReference();
            flush = !_flushing;
            _flushing = true;
        }

        operation.RegisterCancellation(cancellationToken);
        if (flush)
        {
            _ = FlushAsync(); // observes its own failures: they fail the link
        }

        return true;
    }

    private static int RequestSize(MemcachedOperation operation) => operation.Kind switch
    {
        OperationKind.Set => operation.KeyLength + operation.Value.Length + 96,
        OperationKind.GetMany => operation.BatchKeys!.Sum(k => k.WireKey.Length + 16) + 8,
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
            case OperationKind.GetMany:
                // Each get answers (a miss with EN, four bytes), so that an error names its key by its place in the
                // batch; the no-op after them marks the end of the batch.
                foreach (var (wireKey, _) in operation.BatchKeys!)
                {
                    Write("mg "u8);
                    Write(wireKey);
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

    private async Task ReadLoopAsync()
    {
        var buffer = RentReadBuffer(InitialBufferSize);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    Fail(new IOException("the server closed the connection"), "closed the connection", markDead: false);
                    return;
                }

                end += read;
                Volatile.Write(ref _readBufferLength, buffer.Length);
                Volatile.Write(ref _waitingSince, Environment.TickCount64); // bytes arriving are progress, even mid-value
                var needed = 0;
                while (start < end)
                {
                    var consumed = ProcessAnswer(buffer.AsSpan(start, end - start), out needed);
                    if (consumed == 0)
                    {
                        break;
                    }

                    start += consumed;
                    needed = 0;
                }

                if (start == end)
                {
                    start = end = 0;
                    if (buffer.Length > RetainedBufferSize)
                    {
                        // A large value grew it: let it go rather than keep megabytes per connection.
                        ReturnReadBuffer(buffer);
                        buffer = RentReadBuffer(InitialBufferSize);
                        Volatile.Write(ref _readBufferLength, buffer.Length);
                    }
                }
                else if (needed > buffer.Length - start || end == buffer.Length)
                {
                    // Make room for the rest of a partial answer: move it to the front, growing the buffer if it cannot fit.
                    var size = Math.Max(needed, end - start);
                    var target = size + InitialBufferSize > buffer.Length ? RentReadBuffer(size + InitialBufferSize) : buffer;
                    buffer.AsSpan(start, end - start).CopyTo(target);
                    if (!ReferenceEquals(target, buffer))
                    {
                        ReturnReadBuffer(buffer);
                        buffer = target;
                    }

                    end -= start;
                    start = 0;
                }
            }
        }
        catch (MemcachedProtocolException ex)
        {
            Fail(ex, "sent an answer out of protocol", markDead: false);
        }
        catch (Exception ex)
        {
            Fail(ex, "broke the connection", markDead: false);
        }
        finally
        {
            ReturnReadBuffer(buffer);
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
        }

        _socket.Dispose();
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
