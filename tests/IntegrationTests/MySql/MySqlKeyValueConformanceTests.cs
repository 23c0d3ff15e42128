using Backends.MySql;
using Backends.Testing;

namespace IntegrationTests.MySql;

/// <summary>The key/value conformance suite against the shared MariaDB (a table in the demo database).</summary>
[Collection(SharedMariaDb.Name)]
public sealed class MySqlKeyValueConformanceTests(MariaDbFixture fixture) : KeyValueStoreConformance<MySqlBackend>
{
    // A LONGBLOB holds far more; MariaDB's default max_allowed_packet (16 MB) bounds one statement.
    protected override int MaxValueBytes => 4 * 1024 * 1024;

    protected override MySqlBackend CreateStore() => new("conformance", fixture.Server.AppSettings());
}
