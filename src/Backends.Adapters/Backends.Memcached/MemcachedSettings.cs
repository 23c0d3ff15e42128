using System.Globalization;
using Backends.Runtime;

namespace Backends.Memcached;

/// <summary>Settings of one memcached connection (a pool of servers), as written under <c>"memcached"</c> in <c>backends.json</c>.</summary>
[RequireOneOf("hosts", "host")]
public sealed class MemcachedSettings : BackendSettings
{
    /// <summary>Servers as <c>host:port</c> (or <c>host:port:weight</c>); keys are spread over them with ketama consistent hashing.</summary>
    [Setting(Description = "Servers as \"host:port\" (or \"host:port:weight\"); keys are spread over them by ketama hashing.")]
    public IReadOnlyList<string> Hosts { get; set; } = [];

    /// <summary>One server's host name, an alternative to <see cref="Hosts"/>.</summary>
    [Setting(Description = "One server's host name (alternative to hosts).")]
    public string? Host { get; set; }

    /// <summary>The port for <see cref="Host"/>. Default 11211.</summary>
    [Setting(Min = 1, Max = 65535, Description = "Port for host.")]
    public int Port { get; set; } = MemcachedServerAddress.DefaultPort;

    /// <summary>TCP connections per server; each pipelines many requests. Default 2.</summary>
    [Setting(Min = 1, Max = 64, Description = "TCP connections per server; each pipelines many requests.")]
    public int PoolSize { get; set; } = 2;

    /// <summary>How long opening a connection may take. Default 1 second.</summary>
    [Setting(Description = "How long opening a connection may take.")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a server may take to answer before it is marked dead. Default 2 seconds.</summary>
    [Setting(Description = "How long a server may take to answer before it is marked dead.")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The time to live of values stored without one; <see langword="null"/> keeps them until evicted.</summary>
    [Setting(Description = "Time to live of values stored without one (none: kept until evicted).")]
    public TimeSpan? DefaultTtl { get; set; }

    /// <summary>How often a dead server is probed; it takes its keys back once it answers. Default 10 seconds.</summary>
    [Setting(Description = "How often a dead server is probed; it takes its keys back once it answers.")]
    public TimeSpan DeadServerRetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether a revived server is emptied (<c>flush_all</c>) so that it cannot serve values that went stale while it was dead. Default false.</summary>
    [Setting(Description = "Empty a dead server when it answers again, so it cannot serve values that went stale meanwhile.")]
    public bool FlushOnRevive { get; set; }

    /// <summary>How many requests may wait for answers on one connection before callers wait for room. Default 512.</summary>
    [Setting(Min = 1, Max = 1_000_000, Description = "Requests waiting for answers on one connection before further callers wait.")]
    public int MaxInFlight { get; set; } = 512;

    /// <summary>Prepended to every key (and hashed with it), to share servers between applications.</summary>
    [Setting(Description = "Prepended to every key, to share servers between applications.")]
    public string? KeyPrefix { get; set; }

    /// <summary>The server addresses: <see cref="Hosts"/>, or <see cref="Host"/> and <see cref="Port"/>.</summary>
    /// <exception cref="BackendConfigurationException">No server is given, or an address is malformed.</exception>
    public IReadOnlyList<MemcachedServerAddress> GetServers()
    {
        var entries = Hosts.Count > 0
            ? Hosts
            : Host is { Length: > 0 } host ? [host + ":" + Port.ToString(CultureInfo.InvariantCulture)] : [];
        if (entries.Count == 0)
        {
            throw new BackendConfigurationException("memcached: no server given: write \"hosts\": [\"127.0.0.1:11211\"] or \"host\" + \"port\".");
        }

        var servers = new List<MemcachedServerAddress>(entries.Count);
        foreach (var entry in entries)
        {
            try
            {
                servers.Add(MemcachedServerAddress.Parse(entry));
            }
            catch (FormatException ex)
            {
                throw new BackendConfigurationException("memcached: " + ex.Message, ex);
            }
        }

        return servers;
    }

    /// <summary>The client options these settings describe.</summary>
    public MemcachedClientOptions ToClientOptions()
    {
        // backends.json accepts "infinite" for every duration: here it means no limit (timeouts, the dead-server wait:
        // about 24.8 days, the longest a timer takes) and, for defaultTtl, no expiry.
        var options = new MemcachedClientOptions
        {
            ConnectionsPerServer = PoolSize,
            ConnectTimeout = Finite(ConnectTimeout),
            ReadTimeout = Finite(ReadTimeout),
            DefaultTimeToLive = DefaultTtl == Timeout.InfiniteTimeSpan ? null : DefaultTtl,
            DeadServerRetryInterval = Finite(DeadServerRetryInterval),
            FlushOnRevive = FlushOnRevive,
            MaxInFlightPerConnection = MaxInFlight,
            KeyPrefix = KeyPrefix ?? "",
        };
        foreach (var server in GetServers())
        {
            options.Servers.Add(server);
        }

        return options;
    }

    private static TimeSpan Finite(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan || value > TimeSpan.FromMilliseconds(int.MaxValue) ? TimeSpan.FromMilliseconds(int.MaxValue) : value;
}
