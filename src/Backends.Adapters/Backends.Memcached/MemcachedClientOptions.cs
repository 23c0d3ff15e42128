namespace Backends.Memcached;

/// <summary>How a <see cref="MemcachedClient"/> connects and behaves.</summary>
public sealed class MemcachedClientOptions
{
    /// <summary>The servers; keys are spread over them with libmemcached-compatible weighted ketama.</summary>
    public IList<MemcachedServerAddress> Servers { get; } = [];

    /// <summary>TCP connections per server. Each connection pipelines many requests, so a few suffice. Default 2.</summary>
    public int ConnectionsPerServer { get; set; } = 2;

    /// <summary>How long opening a connection may take. Default 1 second.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a server may take to answer while requests wait on it; past it the connection is dropped, its requests
    /// fail and the server is marked dead. Default 2 seconds.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a dead server is probed (a connection and a no-op, sent off the request path); it takes its keys back
    /// only once it has answered a probe. Default 10 seconds.
    /// </summary>
    public TimeSpan DeadServerRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a dead server that answers its probe is emptied (<c>flush_all</c>) before it takes its keys back. A server
    /// that was paused or cut off rather than restarted still holds the values it had when it died, and while it was
    /// dead its keys were written and deleted on the other servers: without a flush it serves those stale values again
    /// (a revoked session reappears). Flushing trades that for a cold cache on that server. Default false.
    /// </summary>
    public bool FlushOnRevive { get; set; }

    /// <summary>
    /// How many requests may wait for their answers on one connection. Past it callers wait (asynchronously, honouring
    /// their cancellation token) for an answer to free a place, instead of growing memory. Default 512.
    /// </summary>
    public int MaxInFlightPerConnection { get; set; } = 512;

    /// <summary>
    /// How long a caller whose request found its connection idle waits on its own thread for the answer (blocked in
    /// <c>poll</c>, not spinning) before it falls back to an asynchronous wait. One caller awaiting one request at a time
    /// then sends, waits and reads on its own thread, with no hand-off to another thread. Past it the connection's reader
    /// thread takes the answer over and the caller awaits it (the read timeout still applies), so a server that stopped
    /// answering holds the caller's thread no longer than this. Requests that find other requests in flight always wait
    /// asynchronously; a multi-get waits inline for every server it asked, one after the other. <see cref="TimeSpan.Zero"/>
    /// turns the inline wait off. Default 1 millisecond (the granularity of <c>poll</c>; shorter values round up to it).
    /// </summary>
    public TimeSpan InlineWait { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The longest a caller waiting inline (see <see cref="InlineWait"/>) keeps trying to read its answer before it
    /// sleeps in <c>poll</c> for the rest of the wait. A thread that sleeps and is woken by the answer pays the
    /// wake-up (on the machine measured, a round trip to a memcached on the same host took 41 µs that way and 27 µs
    /// when the caller kept reading for up to 30 µs). It spins only on a connection whose answers came back in under
    /// 100 µs lately (a server on the same host or rack), and then for at most 1.5 times their usual time, so a distant
    /// server costs no CPU. <see cref="TimeSpan.Zero"/> never spins, and neither does a client without an inline wait;
    /// a spin longer than <see cref="InlineWait"/> is cut to it. Default 50 microseconds.
    /// </summary>
    public TimeSpan SpinWait { get; set; } = TimeSpan.FromMicroseconds(50);

    /// <summary>The time to live of values stored without one; <see langword="null"/> keeps them until evicted. Default none.</summary>
    public TimeSpan? DefaultTimeToLive { get; set; }

    /// <summary>Prepended to every key on the wire (and hashed with it); counts towards the 250-byte key limit.</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>
    /// Test seam: runs on the caller's thread right after it took the receive side of an idle connection, so that a test
    /// can hold it there as a preemption would. Never set outside tests.
    /// </summary>
    internal Action? IdleConnectionTakenForTesting { get; set; }

    internal void Validate()
    {
        if (Servers.Count == 0)
        {
            throw new ArgumentException("memcached: no server given: add at least one, for example 127.0.0.1:11211.", nameof(Servers));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ConnectionsPerServer, 1, nameof(ConnectionsPerServer));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(DeadServerRetryInterval, TimeSpan.Zero, nameof(DeadServerRetryInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlightPerConnection, 1, nameof(MaxInFlightPerConnection));
        ArgumentOutOfRangeException.ThrowIfLessThan(InlineWait, TimeSpan.Zero, nameof(InlineWait));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InlineWait, ReadTimeout, nameof(InlineWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(SpinWait, TimeSpan.Zero, nameof(SpinWait));
        if (DefaultTimeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(DefaultTimeToLive));
        }

        ArgumentNullException.ThrowIfNull(KeyPrefix);
        if (KeyPrefix.Length > 0)
        {
            MemcachedKey.Validate(KeyPrefix);
        }
    }
}
