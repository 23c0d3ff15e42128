using Backends.Sqlite;
using Backends.Testing;
using Microsoft.Data.Sqlite;

namespace Backends.Adapters.Tests.Sqlite;

/// <summary>The key/value conformance suite against a SQLite file in WAL mode.</summary>
public sealed class SqliteFileKeyValueConformanceTests : KeyValueStoreConformance<SqliteBackend>, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-sqlite-kv-");

    protected override int MaxValueBytes => 4 * 1024 * 1024;

    protected override SqliteBackend CreateStore() => new("conformance", new SqliteSettings { Path = Path.Combine(_directory.FullName, "kv.db") });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}

/// <summary>The key/value conformance suite against an in-memory SQLite database.</summary>
public sealed class SqliteMemoryKeyValueConformanceTests : KeyValueStoreConformance<SqliteBackend>
{
    private readonly string _name = "kv-" + Guid.NewGuid().ToString("N");

    // A named in-memory database, so that the suite's several handles of one test share it.
    protected override SqliteBackend CreateStore() => new("memory", new SqliteSettings { Path = _name, Mode = SqliteOpenMode.Memory });
}
