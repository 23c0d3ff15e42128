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

    /// <summary>How long a dead server is left out of the ring before it is tried again. Default 10 seconds.</summary>
    public TimeSpan DeadServerRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The time to live of values stored without one; <see langword="null"/> keeps them until evicted. Default none.</summary>
    public TimeSpan? DefaultTimeToLive { get; set; }

    /// <summary>Prepended to every key on the wire (and hashed with it); counts towards the 250-byte key limit.</summary>
    public string KeyPrefix { get; set; } = "";

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
