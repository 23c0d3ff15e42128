using MongoDB.Driver;
using MongoTestServer;

namespace IntegrationTests.MongoDb;

/// <summary>
/// The server behind the generated <c>Db.MongoDb.Catalog</c> (backends.json). <c>Db</c> is one static class per process, and
/// any test that starts it (the generated-Db tests start every connection) needs this connection's server too, so the
/// server is started once per process and its address handed over through the same run-time overrides an application
/// uses (<c>Backends__mongodb__catalog__*</c>). With <see cref="MongoFixture.RealServerVariable"/> set, that mongod is used
/// instead, with a database of its own.
/// </summary>
public static class GeneratedMongoServer
{
    private static readonly Lock s_lock = new();
    private static MongoWireServer? s_server;
    private static string? s_database;

    /// <summary>The database <c>Db.MongoDb.Catalog</c> uses.</summary>
    public static string Database => s_database ?? throw new InvalidOperationException("Call EnsureStarted first.");

    /// <summary>Starts the server (once) and points <c>mongodb.catalog</c> at it; call before touching <c>Db</c>.</summary>
    public static void EnsureStarted()
    {
        lock (s_lock)
        {
            if (s_database is not null)
            {
                return;
            }

            s_database = "generated_" + Guid.NewGuid().ToString("N")[..12];
            Environment.SetEnvironmentVariable("Backends__mongodb__catalog__database", s_database);
            var real = Environment.GetEnvironmentVariable(MongoFixture.RealServerVariable);
            if (string.IsNullOrWhiteSpace(real))
            {
                s_server = MongoWireServer.Start();
                Environment.SetEnvironmentVariable("Backends__mongodb__catalog__hosts__0", s_server.Host);
                return;
            }

            var url = new MongoUrl(real);
            var i = 0;
            foreach (var server in url.Servers)
            {
                Environment.SetEnvironmentVariable($"Backends__mongodb__catalog__hosts__{i++}", server.Host + ":" + server.Port);
            }

            Environment.SetEnvironmentVariable("Backends__mongodb__catalog__username", url.Username);
            Environment.SetEnvironmentVariable("Backends__mongodb__catalog__password", url.Password);
            Environment.SetEnvironmentVariable("Backends__mongodb__catalog__authSource", url.AuthenticationSource);
        }
    }
}
