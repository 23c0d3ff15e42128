using Backends.MySql;
using Backends.Runtime;
using Backends.Sqlite;
using Backends.Testing;
using Dapper;
using IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace IntegrationTests.MySql;

/// <summary>The accessors the generator emits from this project's backends.json, against the real server.</summary>
[Collection(GeneratedDbGroup.Name)]
public sealed class GeneratedDbTests(GeneratedDbFixture fixture)
{
    [Fact]
    public void Generated_accessors_are_the_registry_connections_and_are_Ready()
    {
        Assert.Equal("mysql.demo", DbNames.MySql.Demo);
        Assert.Equal("mysql.order-archive", DbNames.MySql.OrderArchive);
        Assert.Equal("sqlite.local", DbNames.Sqlite.Local);
        Assert.Same(Db.MySql.Demo, Db.Registry.Get(DbNames.MySql.Demo));
        Assert.Same(Db.MySql.OrderArchive, Db.Registry.Backend("mysql").Get("order-archive"));
        Assert.Equal(
            [DbNames.MySql.Demo, DbNames.MySql.OrderArchive, DbNames.Sqlite.Local, DbNames.Sqlite.Scratch, DbNames.MongoDb.Catalog, DbNames.DynamoDb.Main],
            Db.All.Select(c => c.Name));
        Assert.All(Db.All, c => Assert.Equal(ConnectionState.Ready, c.State));
        Assert.True(Db.Registry.IsReady);
        Assert.Same(Db.Registry.InitializeAsync(), Db.InitializeAsync());
    }

    [Fact]
    public async Task Generated_MySql_accessors_run_Dapper_on_their_own_databases()
    {
        // An explicit connection type: Dapper.AOT cannot see the generated Db, so `var` here would leave the calls
        // on Dapper's reflection path (the assertion at the end checks that they were intercepted).
        await using (MySqlConnection connection = await Db.MySql.Demo.OpenConnectionAsync())
        {
            Assert.Equal(MariaDbServer.DemoDatabase, await connection.ExecuteScalarAsync<string?>("SELECT DATABASE()"));
            await connection.ExecuteAsync("CREATE TABLE generated_notes (Id BIGINT AUTO_INCREMENT PRIMARY KEY, Text VARCHAR(100) NOT NULL, Score DOUBLE NULL)");
            await connection.ExecuteAsync("INSERT INTO generated_notes (Text, Score) VALUES (@Text, @Score)", new Note { Text = "via Db.MySql.Demo", Score = 1 });
            var note = await connection.QuerySingleAsync<Note>("SELECT Id, Text, Score FROM generated_notes");
            Assert.Equal("via Db.MySql.Demo", note.Text);
        }

        await using (MySqlConnection connection = await Db.MySql.OrderArchive.OpenConnectionAsync())
        {
            Assert.Equal(MariaDbServer.ArchiveDatabase, await connection.ExecuteScalarAsync<string?>("SELECT DATABASE()"));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'generated_notes'"));
        }

        Assert.DoesNotContain(SqlMapper.GetCachedSQL(), entry => entry.Item2.Contains("generated_notes", StringComparison.Ordinal));
    }

    [Fact]
    public void Compiled_values_run_time_overrides_and_secret_references_all_reach_the_settings()
    {
        // Compiled from backends.json.
        Assert.Equal(20, Db.MySql.Demo.Settings.Pool.Max);
        Assert.Equal(TimeSpan.FromMinutes(2), Db.MySql.Demo.Settings.StartupTimeout);
        Assert.Equal(MySqlSslMode.None, Db.MySql.OrderArchive.Settings.SslMode);
        Assert.Equal("backendgen-integration-tests", new MySqlConnectionStringBuilder(Db.MySql.OrderArchive.Instance.ConnectionString).ApplicationName);

        // Overridden at run time: an environment variable and a configuration value.
        Assert.Equal([fixture.Server.Host], Db.MySql.Demo.Settings.Hosts);
        Assert.Equal(fixture.Server.Port, Db.MySql.OrderArchive.Settings.Port);
        Assert.Equal(fixture.SqlitePath, Db.Sqlite.Local.Settings.Path);

        // Resolved from ${env:...}, and never shown.
        Assert.Equal(fixture.Server.AppPassword, Db.MySql.Demo.Settings.Password);
        Assert.Contains("password = ***", Db.MySql.Demo.Config.ToString(), StringComparison.Ordinal);
        foreach (var connection in Db.All)
        {
            Secrets.AssertNowhere(fixture.Server.AppPassword, connection, null, fixture.Logs);
        }
    }

    [Fact]
    public async Task AddBackends_registers_handles_native_clients_and_health_checks()
    {
        var services = fixture.Host.Services;
        Assert.Same(Db.MySql.Demo, services.GetRequiredKeyedService<MySqlBackend>(DbNames.MySql.Demo));
        Assert.Same(Db.MySql.Demo.Instance, services.GetRequiredKeyedService<MySqlDataSource>(DbNames.MySql.Demo));
        Assert.Same(Db.MySql.OrderArchive.Instance, services.GetRequiredKeyedService<MySqlDataSource>(DbNames.MySql.OrderArchive));
        Assert.Same(Db.Sqlite.Local.Instance, services.GetRequiredKeyedService<SqliteDatabase>(DbNames.Sqlite.Local));
        Assert.Same(Db.Registry, services.GetRequiredService<BackendRegistry>());

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(
            new[] { DbNames.DynamoDb.Main, DbNames.MongoDb.Catalog, DbNames.MySql.Demo, DbNames.MySql.OrderArchive, DbNames.Sqlite.Local, DbNames.Sqlite.Scratch }.Select(n => "backends." + n),
            report.Entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Generated_Sqlite_accessors_open_a_WAL_file_and_an_in_memory_database()
    {
        Assert.True(File.Exists(fixture.SqlitePath));
        await using (SqliteConnection connection = await Db.Sqlite.Local.OpenConnectionAsync())
        {
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string?>("PRAGMA journal_mode"));
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS notes (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL, Score REAL NULL)");
            await connection.ExecuteAsync("INSERT INTO notes (Text, Score) VALUES (@Text, @Score)", new Note { Text = "local", Score = 0.5 });
            Assert.Contains(await connection.QueryAsync<Note>("SELECT Id, Text, Score FROM notes"), n => n.Text == "local");
        }

        Assert.True(Db.Sqlite.Scratch.Instance.IsInMemory);
        await using (SqliteConnection connection = await Db.Sqlite.Scratch.OpenConnectionAsync())
        {
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT 1"));
        }

        Assert.DoesNotContain(SqlMapper.GetCachedSQL(), entry => entry.Item2.Contains("FROM notes", StringComparison.Ordinal));
    }
}
