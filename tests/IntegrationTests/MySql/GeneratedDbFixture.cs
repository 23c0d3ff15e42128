using Backends.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationTests.MySql;

/// <summary>
/// Brings up the generated <c>Db</c> (from this project's backends.json) the way an application does: a host with
/// <c>AddBackends(configuration)</c>, overrides from environment variables and configuration, the password from
/// <c>${env:...}</c>. It runs its own MariaDB, because <c>Db</c> is static and must be set up exactly once.
/// </summary>
public sealed class GeneratedDbFixture : IAsyncLifetime
{
    /// <summary>The variable backends.json's <c>${env:BACKENDGEN_IT_MYSQL_PASSWORD}</c> names.</summary>
    public const string PasswordVariable = "BACKENDGEN_IT_MYSQL_PASSWORD";

    /// <summary>An override of the compiled <c>hosts</c> of mysql.demo, as an operator would set it.</summary>
    public const string HostsVariable = "Backends__mysql__demo__hosts__0";

    private MariaDbServer? _server;
    private IHost? _host;
    private DirectoryInfo? _sqliteDirectory;

    /// <summary>The server <c>Db.MySql.*</c> connect to.</summary>
    public MariaDbServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>The started host.</summary>
    public IHost Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>Where the <c>sqlite.local</c> file is put by a configuration override.</summary>
    public string SqlitePath => Path.Combine(_sqliteDirectory!.FullName, "local.db");

    /// <summary>Every log line the host wrote.</summary>
    public CapturingLoggerFactory Logs { get; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await MariaDbServer.StartAsync();
        MongoDb.GeneratedMongoServer.EnsureStarted(); // Db starts every connection, mongodb.catalog included
        await DynamoDb.GeneratedDynamoServer.StartAsync(); // and dynamodb.main, whose declared tables start-up creates
        _sqliteDirectory = Directory.CreateTempSubdirectory("backendgen-generated-");
        Environment.SetEnvironmentVariable(PasswordVariable, _server.AppPassword);
        Environment.SetEnvironmentVariable(HostsVariable, _server.Host);

        // Defaults on: configuration reads environment variables, as in a real application.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backends:mysql:order-archive:port"] = _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Backends:sqlite:local:path"] = SqlitePath,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        builder.Services.AddBackends(builder.Configuration);
        _host = builder.Build();
        await Wait.For(_host.StartAsync());
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        Environment.SetEnvironmentVariable(PasswordVariable, null);
        Environment.SetEnvironmentVariable(HostsVariable, null);
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _sqliteDirectory?.Delete(recursive: true);
        await DynamoDb.GeneratedDynamoServer.StopAsync();
    }
}
