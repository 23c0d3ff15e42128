using Backends.Memcached;

namespace IntegrationTests.Memcached;

/// <summary>
/// Client options for tests: timeouts generous enough that a loaded CI machine never trips them by accident. Tests
/// about timeouts set their own.
/// </summary>
public static class TestOptions
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    public static MemcachedClientOptions For(params MemcachedServerAddress[] servers)
    {
        var options = new MemcachedClientOptions { ConnectTimeout = ConnectTimeout, ReadTimeout = ReadTimeout };
        foreach (var server in servers)
        {
            options.Servers.Add(server);
        }

        return options;
    }
}
