using Backends.Memcached;
using Backends.Runtime;
using Backends.Testing;

namespace IntegrationTests.Lifecycle;

/// <summary>
/// Regression tests for defect 8 of issue 7 against real servers: "infinite" passes the build for every duration, so the
/// adapters must accept it at run time. The server-free life-cycle defect tests are in tests/Backends.Runtime.Tests.
/// </summary>
public sealed class InfiniteDurationTests
{
    // Defect 8: "infinite" passes the build for every duration, so memcached's durations must accept it at run time.
    [Fact]
    public async Task Infinite_memcached_durations_are_accepted_at_start_up()
    {
        await using var server = await Memcached.MemcachedProcess.StartAsync();
        await using var backend = new MemcachedBackend("forever", new MemcachedSettings
        {
            Hosts = [server.Host],
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            ReadTimeout = Timeout.InfiniteTimeSpan,
            DefaultTtl = Timeout.InfiniteTimeSpan,
            DeadServerRetryInterval = Timeout.InfiniteTimeSpan,
        });

        await Wait.For(backend.ConfigureAsync());

        Assert.Equal(ConnectionState.Ready, backend.State);
        await backend.Instance.SetAsync("k", "v"u8.ToArray());
        Assert.Equal("v"u8.ToArray(), await backend.Instance.GetAsync("k"));
    }

    // Defect 8: the same for MongoDB's durations, which the driver rejects when negative.
    [Fact]
    public async Task Infinite_mongodb_durations_are_accepted_at_start_up()
    {
        await using var server = MongoTestServer.MongoWireServer.Start();
        await using var backend = new Backends.MongoDb.MongoDbBackend("forever", new Backends.MongoDb.MongoDbSettings
        {
            Hosts = [server.Host],
            Database = "forever",
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            ServerSelectionTimeout = Timeout.InfiniteTimeSpan,
            SocketTimeout = Timeout.InfiniteTimeSpan,
        });

        await Wait.For(backend.ConfigureAsync());

        Assert.Equal(ConnectionState.Ready, backend.State);
    }
}
