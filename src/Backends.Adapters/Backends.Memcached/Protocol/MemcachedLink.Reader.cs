using System.Net.Sockets;

namespace Backends.Memcached.Protocol;

/// <summary>
/// The reader: a thread of the link's own that reads answers while requests are in flight and nobody reads inline.
/// Started the first time it is needed and parked (allocating nothing) while the connection is idle or a caller reads
/// its own answer. It waits in <c>poll</c> on the socket rather than in an asynchronous receive: a socket that waited in
/// one is registered with the runtime's socket engine for good, after which every answer that arrives, even one a
/// caller reads inline, wakes the engine's thread and a thread-pool worker (measured: a single caller lost a third of
/// its rate to them on a 2-core machine).
/// </summary>
internal sealed partial class MemcachedLink
{
    /// <summary>The reader's longest wait in <c>poll</c>; a closed link also wakes it at once (see <see cref="Fail"/>).</summary>
    private const int ReaderPollMicroseconds = 500_000;

    private const int ReaderStackSize = 512 * 1024;

    private readonly object _readerSignal = new();
    private Thread? _reader;
    private bool _readerWanted;
    private bool _readerStopped;

    /// <summary>
    /// Hands the receive side, just given to <see cref="Receiver.Loop"/> under the gate, to the reader thread; starts the
    /// thread the first time. When the link failed meanwhile and its reader has stopped, the caller gives the receive
    /// side back itself (returning the read buffer), as nobody else will.
    /// </summary>
    private void StartReader()
    {
        Interlocked.Increment(ref _readerLoops);
        lock (_readerSignal)
        {
            if (!_readerStopped)
            {
                _readerWanted = true;
                if (_reader is null)
                {
                    _reader = new Thread(static link => ((MemcachedLink)link!).RunReader(), ReaderStackSize)
                    {
                        IsBackground = true,
                        Name = "memcached-read", // an OS thread name holds 15 characters
                    };
                    _reader.UnsafeStart(this);
                    return;
                }

                Monitor.Pulse(_readerSignal);
                return;
            }
        }

        LeaveFailedReceive();
    }

    /// <summary>The link failed: a parked reader thread ends (one that owns the receive side sees the failure itself).</summary>
    private void StopReader()
    {
        lock (_readerSignal)
        {
            _readerStopped = true;
            Monitor.Pulse(_readerSignal);
        }
    }

    private void RunReader()
    {
        while (true)
        {
            lock (_readerSignal)
            {
                while (!_readerWanted && !_readerStopped)
                {
                    Monitor.Wait(_readerSignal);
                }

                if (!_readerWanted)
                {
                    return; // stopped while parked: the receive side is somebody else's (or nobody's) to give back
                }

                _readerWanted = false;
            }

            if (!ReadWhileInFlight())
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads answers while requests are in flight; once none is (and nothing half-read is left) it lets go of the receive
    /// side, so that the next caller on an idle connection can read its own answer inline, and returns true. False when
    /// the link failed (it has then returned the read buffer).
    /// </summary>
    private bool ReadWhileInFlight()
    {
        try
        {
            while (true)
            {
                lock (_gate)
                {
                    if (_failed)
                    {
                        break;
                    }

                    if (_inFlight.Count == 0 && _readStart == _readEnd)
                    {
                        _receiver = Receiver.None;
                        _idleSince = System.Diagnostics.Stopwatch.GetTimestamp();
                        return true;
                    }
                }

                if (!_socket.Poll(ReaderPollMicroseconds, SelectMode.SelectRead))
                {
                    continue; // the read timeout is the timer's to enforce
                }

                if (!ReceiveAvailable())
                {
                    break;
                }
            }
        }
        catch (MemcachedProtocolException ex)
        {
            Fail(ex, "sent an answer out of protocol", markDead: false);
        }
        catch (Exception ex)
        {
            // Anything else (a socket error, the socket disposed under it) fails the link; nothing may escape a thread.
            Fail(ex, "broke the connection", markDead: false);
        }

        LeaveFailedReceive();
        return false;
    }
}
