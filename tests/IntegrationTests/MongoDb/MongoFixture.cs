using System.Net;
using Backends.MongoDb;
using IntegrationTests.Infrastructure;
using MongoDB.Driver;
using MongoTestServer;

namespace IntegrationTests.MongoDb;

/// <summary>
/// The MongoDB server of one test class: the in-repo <see cref="MongoWireServer"/> on a free loopback port, or, when
/// the environment variable <see cref="RealServerVariable"/> holds a connection string, that real mongod instead.
/// Every test gets a database of its own (<see cref="Settings"/>); on a real server they are dropped at the end.
/// </summary>
public sealed class MongoFixture : IAsyncLifetime
{
    /// <summary>Names a real mongod (<c>mongodb://user:pass@127.0.0.1:27017/?authSource=admin</c>) to run every MongoDB test against.</summary>
    public const string RealServerVariable = "BACKENDS_TEST_MONGODB";

    private readonly List<string> _databases = [];
    private MongoWireServer? _server;
    private MongoUrl? _real;

    /// <summary>Whether the tests run against the in-repo test server (not a real mongod).</summary>
    public bool IsTestServer => _server is not null;

    /// <summary>The in-repo server, when <see cref="IsTestServer"/>.</summary>
    public MongoWireServer TestServer => _server ?? throw new InvalidOperationException("Running against a real mongod.");

    /// <inheritdoc />
    public Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(RealServerVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            _server = MongoWireServer.Start();
        }
        else
        {
            _real = new MongoUrl(connectionString);
        }

        return Task.CompletedTask;
    }

    /// <summary>Settings for a database of its own (a fresh name unless <paramref name="database"/> is given) on this fixture's server.</summary>
    public MongoDbSettings Settings(string? database = null)
    {
        database ??= NewDatabase();
        var settings = new MongoDbSettings
        {
            Database = database,
            ServerSelectionTimeout = TimeSpan.FromSeconds(5),
            StartupTimeout = TimeSpan.FromSeconds(60),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
            AppName = "BackendGen.IntegrationTests",
        };
        if (_server is not null)
        {
            settings.Hosts = [_server.Host];
            return settings;
        }

        var real = _real!;
        settings.Hosts = [.. real.Servers.Select(s => s.Host + ":" + s.Port)];
        settings.Username = real.Username;
        settings.Password = real.Password;
        settings.AuthSource = real.AuthenticationSource;
        settings.ReplicaSet = real.ReplicaSetName;
        settings.Tls = real.UseTls;
        if (real.DirectConnection is true)
        {
            settings.Options = new Dictionary<string, string> { ["directConnection"] = "true" };
        }

        return settings;
    }

    /// <summary>
    /// Settings that reach this fixture's server through <paramref name="forwarder"/> only (a direct connection, so a
    /// replica set's members are not discovered around it).
    /// </summary>
    public MongoDbSettings SettingsThrough(TcpForwarder forwarder, string? database = null)
    {
        var settings = Settings(database);
        settings.Hosts = [forwarder.Host];
        settings.ReplicaSet = null;
        settings.Options = new Dictionary<string, string> { ["directConnection"] = "true" };
        return settings;
    }

    /// <summary>Where this fixture's server listens, for a <see cref="TcpForwarder"/> to forward to.</summary>
    public DnsEndPoint Target =>
        _server is not null
            ? new DnsEndPoint("127.0.0.1", _server.Port)
            : new DnsEndPoint(_real!.Server.Host, _real.Server.Port);

    /// <summary>A fresh database name, remembered so that it is dropped at the end.</summary>
    public string NewDatabase()
    {
        var name = "bgtest_" + Guid.NewGuid().ToString("N")[..16];
        lock (_databases)
        {
            _databases.Add(name);
        }

        return name;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            return;
        }

        // A real server keeps what the tests wrote: drop every database they used.
        using var client = new MongoClient(_real!);
        foreach (var database in _databases)
        {
            await client.DropDatabaseAsync(database);
        }
    }
}
