using Backends.Memcached;
using Backends.Testing;

namespace IntegrationTests.Memcached;

/// <summary>The key/value conformance suite against one real memcached.</summary>
public sealed class MemcachedConformanceTests(MemcachedServerFixture fixture)
    : KeyValueStoreConformance<MemcachedBackend>, IClassFixture<MemcachedServerFixture>
{
    // memcached's default item size is 1 MB, key and ~50 bytes of item header included.
    protected override int MaxValueBytes => (1024 * 1024) - 1024;

    protected override MemcachedBackend CreateStore() =>
        new("conformance", new MemcachedSettings { Hosts = [fixture.Server.Host], StartupTimeout = TimeSpan.FromSeconds(30), ConnectTimeout = TestOptions.ConnectTimeout, ReadTimeout = TestOptions.ReadTimeout });
}

/// <summary>The key/value conformance suite against a pool of three real memcached servers.</summary>
public sealed class MemcachedPoolConformanceTests(MemcachedPoolFixture fixture)
    : KeyValueStoreConformance<MemcachedBackend>, IClassFixture<MemcachedPoolFixture>
{
    protected override int MaxValueBytes => (1024 * 1024) - 1024;

    protected override MemcachedBackend CreateStore() =>
        new("pool", new MemcachedSettings { Hosts = [.. fixture.Servers.Select(s => s.Host)], StartupTimeout = TimeSpan.FromSeconds(30), ConnectTimeout = TestOptions.ConnectTimeout, ReadTimeout = TestOptions.ReadTimeout });
}
