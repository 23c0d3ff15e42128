using Backends.Runtime;
using Backends.Sqlite;
using Backends.Testing;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Backends.Adapters.Tests.Sqlite;

/// <summary>The embedded default: real SQLite files in a temporary directory, and in-memory databases.</summary>
public sealed class SqliteBackendTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("backendgen-sqlite-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_file_database_round_trips_rows_with_Dapper_and_keeps_them()
    {
        // The folder does not exist yet: start-up creates it.
        var path = Path.Combine(_directory.FullName, "nested", "app.db");
        await using (var backend = new SqliteBackend("local", new SqliteSettings { Path = path }))
        {
            await Wait.For(backend.ConfigureAsync());
            Assert.Equal(ConnectionState.Ready, backend.State);
            Assert.False(backend.Instance.IsInMemory);

            await using var connection = await backend.OpenConnectionAsync();
            await connection.ExecuteAsync("CREATE TABLE notes (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL, Score REAL NULL)");
            Assert.Equal(1, await connection.ExecuteAsync("INSERT INTO notes (Text, Score) VALUES (@Text, @Score)", new Note { Text = "first", Score = 2.5 }));
            Assert.Equal(1, await connection.ExecuteAsync("INSERT INTO notes (Text, Score) VALUES (@Text, @Score)", new Note { Text = "second ✓", Score = null }));
        }

        Assert.True(File.Exists(path));

        // A new handle over the same file sees the rows.
        await using (var backend = new SqliteBackend("reopened", new SqliteSettings { Path = path }))
        {
            await Wait.For(backend.ConfigureAsync());
            await using var connection = await backend.OpenConnectionAsync();
            var notes = (await connection.QueryAsync<Note>("SELECT Id, Text, Score FROM notes ORDER BY Id")).AsList();
            Assert.Collection(
                notes,
                n => Assert.Equal(("first", (double?)2.5), (n.Text, n.Score)),
                n => Assert.Equal(("second ✓", (double?)null), (n.Text, n.Score)));
        }

        Assert.DoesNotContain(SqlMapper.GetCachedSQL(), entry => entry.Item2.Contains("FROM notes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_ahead_logging_is_on_by_default()
    {
        var path = Path.Combine(_directory.FullName, "wal.db");
        await using var backend = new SqliteBackend("wal", new SqliteSettings { Path = path });
        await Wait.For(backend.ConfigureAsync());

        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string?>("PRAGMA journal_mode"));
        await connection.ExecuteAsync("CREATE TABLE t (x INTEGER)");
        await connection.ExecuteAsync("INSERT INTO t (x) VALUES (1)");
        Assert.True(File.Exists(path + "-wal"));

        // A reader on another connection is not blocked by an open write transaction.
        await using var writer = await backend.OpenConnectionAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("INSERT INTO t (x) VALUES (2)", transaction: transaction);
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"));
        await transaction.CommitAsync();
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task Write_ahead_logging_can_be_turned_off()
    {
        await using var backend = new SqliteBackend("nowal", new SqliteSettings { Path = Path.Combine(_directory.FullName, "nowal.db"), WriteAheadLog = false });
        await Wait.For(backend.ConfigureAsync());

        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal("delete", await connection.ExecuteScalarAsync<string?>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task An_in_memory_database_is_shared_by_its_connections_and_private_to_its_handle()
    {
        await using var first = new SqliteBackend("memory", new SqliteSettings { Path = ":memory:" });
        await using var second = new SqliteBackend("othermemory", new SqliteSettings { Path = ":memory:" });
        await using var registry = new BackendRegistry([first, second]);
        await Wait.For(registry.InitializeAsync());
        Assert.True(first.Instance.IsInMemory);

        await using (var connection = await first.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE items (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO items (Text) VALUES (@Text)", new { Text = "kept" });
        }

        // The connection above is closed; the database lives on while the handle does.
        await using (var connection = await first.OpenConnectionAsync())
        {
            Assert.Equal("kept", await connection.ExecuteScalarAsync<string?>("SELECT Text FROM items"));
        }

        await using (var connection = await second.OpenConnectionAsync())
        {
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'items'"));
        }
    }

    [Fact]
    public async Task Pass_through_options_reach_the_driver_and_may_not_replace_typed_settings()
    {
        var settings = new SqliteSettings
        {
            Path = Path.Combine(_directory.FullName, "options.db"),
            Options = new Dictionary<string, string> { ["Foreign Keys"] = "True" },
        };
        await using var backend = new SqliteBackend("options", settings);
        await Wait.For(backend.ConfigureAsync());
        await using (var connection = await backend.OpenConnectionAsync())
        {
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        }

        var clash = new SqliteSettings { Path = ":memory:", Options = new Dictionary<string, string> { ["Data Source"] = "elsewhere.db" } };
        await using var bad = new SqliteBackend("clash", clash);
        var exception = await Wait.ForFailure(bad.ConfigureAsync());
        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, bad.State);
        Assert.Contains("write \"path\" instead", Assert.Single(bad.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_opened_read_only_faults_at_once()
    {
        var settings = new SqliteSettings
        {
            Path = Path.Combine(_directory.FullName, "absent.db"),
            Mode = SqliteOpenMode.ReadOnly,
            StartupTimeout = Timeout.InfiniteTimeSpan,
        };
        await using var backend = new SqliteBackend("absent", settings);

        var exception = await Wait.ForFailure(backend.ConfigureAsync());

        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        var error = Assert.Single(backend.Errors);
        Assert.False(error.IsTransient);
        Assert.IsType<SqliteException>(error.GetOriginalException());
    }
}
