using Backends.Memcached;
using Backends.MySql;
using Backends.Runtime;
using Backends.Sqlite;
using Backends.Testing;
using IntegrationTests.Memcached;
using IntegrationTests.MySql;
using Microsoft.Data.Sqlite;

namespace IntegrationTests.Stores;

/// <summary>The key/value conformance suite against a tiered store over a real memcached and the shared MariaDB.</summary>
[Collection(SharedMariaDb.Name)]
public sealed class TieredMemcachedMariaDbConformanceTests(MariaDbFixture mariaDb, MemcachedServerFixture memcached)
    : KeyValueStoreConformance<TieredStore>, IClassFixture<MemcachedServerFixture>
{
    private readonly List<IBackendConnection> _tiers = [];

    // Above memcached's 1 MB item size: the cache refuses such a value, and the store keeps it in storage alone.
    protected override int MaxValueBytes => 2 * 1024 * 1024;

    protected override TieredStore CreateStore()
    {
        var cache = new MemcachedBackend("tier-cache", Tiers.Memcached(memcached.Server));
        var storage = new MySqlBackend("tier-storage", mariaDb.Server.AppSettings());
        _tiers.Add(cache);
        _tiers.Add(storage);
        return new TieredStore("conformance", cache, storage, new TieredStoreSettings { FlushTimeout = TimeSpan.FromMinutes(1) });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Tiers.CloseAsync(_tiers);
    }
}

/// <summary>The key/value conformance suite against a tiered store over a real memcached and a SQLite file.</summary>
public sealed class TieredMemcachedSqliteConformanceTests(MemcachedServerFixture memcached)
    : KeyValueStoreConformance<TieredStore>, IClassFixture<MemcachedServerFixture>
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-tiered-");
    private readonly List<IBackendConnection> _tiers = [];

    protected override int MaxValueBytes => 2 * 1024 * 1024;

    protected override TieredStore CreateStore()
    {
        var cache = new MemcachedBackend("tier-cache", Tiers.Memcached(memcached.Server));
        var storage = new SqliteBackend("tier-storage", new SqliteSettings { Path = Path.Combine(_directory.FullName, "kv.db") });
        _tiers.Add(cache);
        _tiers.Add(storage);
        return new TieredStore("conformance", cache, storage, new TieredStoreSettings { FlushTimeout = TimeSpan.FromMinutes(1) });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Tiers.CloseAsync(_tiers);
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

/// <summary>Helpers the tiered store tests share.</summary>
internal static class Tiers
{
    public static MemcachedSettings Memcached(MemcachedProcess server) => new()
    {
        Hosts = [server.Host],
        StartupTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TestOptions.ConnectTimeout,
        ReadTimeout = TestOptions.ReadTimeout,
    };

    public static async Task CloseAsync(IEnumerable<IBackendConnection> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}
