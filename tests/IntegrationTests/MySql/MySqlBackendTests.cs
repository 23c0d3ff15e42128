using Backends.MySql;
using Backends.Runtime;
using Backends.Testing;
using Dapper;
using IntegrationTests.Infrastructure;
using MySqlConnector;

namespace IntegrationTests.MySql;

[Collection(SharedMariaDb.Name)]
public sealed class MySqlBackendTests(MariaDbFixture fixture)
{
    private MariaDbServer Server => fixture.Server;

    [Fact]
    public async Task Handle_connects_and_is_Ready()
    {
        await using var backend = new MySqlBackend("ready", Server.AppSettings());
        Assert.Equal(ConnectionState.Created, backend.State);
        Assert.Equal("mysql.ready", backend.Name);
        Assert.Equal("mysql", backend.Backend);

        await Wait.For(backend.ConfigureAsync());

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.True(backend.IsReady);
        Assert.True(backend.Ready.IsCompletedSuccessfully);
        Assert.IsType<MySqlDataSource>(backend.Instance);
        Assert.Empty(backend.Errors);
        await backend.PingAsync();

        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(MariaDbServer.DemoDatabase, await connection.ExecuteScalarAsync<string?>("SELECT DATABASE()"));

        await backend.CloseAsync();
        Assert.Equal(ConnectionState.Closed, backend.State);
        Assert.Throws<InvalidOperationException>(() => backend.Instance);
    }

    [Fact]
    public async Task Dapper_round_trips_rows_through_Dapper_AOT()
    {
        await using var backend = new MySqlBackend("dapper", Server.AppSettings());
        await Wait.For(backend.ConfigureAsync());
        await using var connection = await backend.OpenConnectionAsync();

        const string create = "CREATE TABLE dapper_notes (Id BIGINT AUTO_INCREMENT PRIMARY KEY, Text VARCHAR(200) NOT NULL, Score DOUBLE NULL)";
        const string insert = "INSERT INTO dapper_notes (Text, Score) VALUES (@Text, @Score)";
        const string select = "SELECT Id, Text, Score FROM dapper_notes WHERE Score IS NULL OR Score >= @MinScore ORDER BY Id";
        await connection.ExecuteAsync(create);
        Assert.Equal(1, await connection.ExecuteAsync(insert, new Note { Text = "first", Score = 1.5 }));
        Assert.Equal(1, await connection.ExecuteAsync(insert, new Note { Text = "second", Score = null }));
        Assert.Equal(1, await connection.ExecuteAsync(insert, new Note { Text = "third ✓ ünïcode", Score = -3 }));

        var notes = (await connection.QueryAsync<Note>(select, new { MinScore = 0.0 })).AsList();

        Assert.Collection(
            notes,
            n => Assert.Equal(("first", (double?)1.5), (n.Text, n.Score)),
            n => Assert.Equal(("second", (double?)null), (n.Text, n.Score)));
        Assert.True(notes[0].Id < notes[1].Id);
        var third = await connection.QuerySingleAsync<Note>("SELECT Id, Text, Score FROM dapper_notes WHERE Score < 0");
        Assert.Equal("third ✓ ünïcode", third.Text);

        // Dapper's own (reflection / ref-emit) path caches every command it runs; intercepted calls never reach it.
        Assert.DoesNotContain(SqlMapper.GetCachedSQL(), entry => entry.Item2.Contains("dapper_notes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_named_connections_to_two_databases_stay_apart()
    {
        var main = new MySqlBackend("main", Server.AppSettings(MariaDbServer.DemoDatabase));
        var archive = new MySqlBackend("archive", Server.AppSettings(MariaDbServer.ArchiveDatabase));
        await using var registry = new BackendRegistry([main, archive]);

        await Wait.For(registry.InitializeAsync());

        Assert.True(registry.IsReady);
        Assert.Same(main, registry.Get("mysql.main"));
        Assert.Same(archive, registry.Backend("mysql").Get("archive"));
        Assert.NotSame(main.Instance, archive.Instance);

        await using (var connection = await main.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE apart (Id INT PRIMARY KEY, Text VARCHAR(50) NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO apart (Id, Text) VALUES (@Id, @Text)", new { Id = 1, Text = "main only" });
        }

        await using (var connection = await archive.OpenConnectionAsync())
        {
            Assert.Equal(MariaDbServer.ArchiveDatabase, await connection.ExecuteScalarAsync<string?>("SELECT DATABASE()"));
            await connection.ExecuteAsync("CREATE TABLE apart (Id INT PRIMARY KEY, Text VARCHAR(50) NOT NULL)");
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM apart"));
        }

        await using (var connection = await main.OpenConnectionAsync())
        {
            Assert.Equal(MariaDbServer.DemoDatabase, await connection.ExecuteScalarAsync<string?>("SELECT DATABASE()"));
            Assert.Equal("main only", await connection.ExecuteScalarAsync<string?>("SELECT Text FROM apart WHERE Id = 1"));
        }
    }

    [Fact]
    public async Task Wrong_password_faults_at_once_and_the_password_appears_nowhere()
    {
        const string wrongPassword = "Wr0ng-Pa55word-7f3c9e1a";
        var settings = Server.AppSettings();
        settings.Password = wrongPassword;

        // No deadline: if the error were retried, start-up would never end, so ending at all proves it is permanent.
        settings.StartupTimeout = Timeout.InfiniteTimeSpan;
        var backend = new MySqlBackend("wrongpassword", settings);
        var logs = new CapturingLoggerFactory();
        await using var registry = new BackendRegistry([backend]);
        registry.UseLogger(logs);

        var exception = await Wait.ForFailure(registry.InitializeAsync());

        var startup = Assert.IsType<BackendStartupException>(exception);
        Assert.Equal("mysql.wrongpassword", startup.Connection);
        Assert.Contains("Access denied", startup.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.True(backend.Ready.IsFaulted);
        var error = Assert.Single(backend.Errors);
        Assert.False(error.IsTransient);
        Assert.Equal("configure", error.Phase);
        Assert.Equal(MySqlErrorCode.AccessDenied, Assert.IsType<MySqlException>(error.GetOriginalException()).ErrorCode);
        Assert.Contains("password = ***", backend.Config.ToString(), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, line => line.Contains("mysql.wrongpassword is faulted", StringComparison.Ordinal));
        Secrets.AssertNowhere(wrongPassword, backend, exception, logs);
    }

    [Fact]
    public async Task Unknown_database_faults_at_once()
    {
        var settings = Server.AppSettings(MariaDbServer.MissingDatabase);
        settings.StartupTimeout = Timeout.InfiniteTimeSpan;
        await using var backend = new MySqlBackend("unknowndb", settings);

        var exception = await Wait.ForFailure(backend.ConfigureAsync());

        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        var error = Assert.Single(backend.Errors);
        Assert.False(error.IsTransient);
        Assert.Equal(MySqlErrorCode.UnknownDatabase, Assert.IsType<MySqlException>(error.GetOriginalException()).ErrorCode);
        Secrets.AssertNowhere(Server.AppPassword, backend, exception, null);
    }

    [Fact]
    public async Task A_database_the_user_may_not_use_faults_at_once()
    {
        var settings = Server.AppSettings(MariaDbServer.ArchiveDatabase);
        settings.Username = MariaDbServer.ReaderUser;
        settings.Password = Server.ReaderPassword;
        settings.StartupTimeout = Timeout.InfiniteTimeSpan;
        await using var backend = new MySqlBackend("noprivilege", settings);

        var exception = await Wait.ForFailure(backend.ConfigureAsync());

        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        var error = Assert.Single(backend.Errors);
        Assert.Equal(MySqlErrorCode.DatabaseAccessDenied, Assert.IsType<MySqlException>(error.GetOriginalException()).ErrorCode);
    }

    [Fact]
    public async Task Several_hosts_fail_over_to_the_one_that_answers()
    {
        var settings = Server.AppSettings();
        settings.Hosts = [$"{MySqlTestSettings.NothingListens}:{Server.Port}", Server.Host];
        settings.LoadBalance = MySqlLoadBalance.FailOver;
        await using var backend = new MySqlBackend("failover", settings);

        await Wait.For(backend.ConfigureAsync());

        Assert.True(backend.IsReady);
        Assert.Contains("loadBalance = FailOver", backend.Config.ToString(), StringComparison.Ordinal);
        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task Pass_through_options_reach_the_driver()
    {
        var settings = Server.AppSettings();
        settings.Options = new Dictionary<string, string> { ["AllowUserVariables"] = "true", ["ApplicationName"] = "backendgen-tests" };
        await using var backend = new MySqlBackend("options", settings);
        await Wait.For(backend.ConfigureAsync());

        Assert.True(new MySqlConnectionStringBuilder(backend.Instance.ConnectionString).AllowUserVariables);
        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(42L, await connection.ExecuteScalarAsync<long>("SET @answer := 42; SELECT @answer"));
    }

    [Fact]
    public async Task A_pass_through_option_may_not_replace_a_typed_setting()
    {
        var settings = Server.AppSettings();
        settings.Options = new Dictionary<string, string> { ["PASSWORD"] = "sneaky-secret-value" };
        await using var backend = new MySqlBackend("badoption", settings);

        var exception = await Wait.ForFailure(backend.ConfigureAsync());

        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        var error = Assert.Single(backend.Errors);
        Assert.IsType<BackendConfigurationException>(error.GetOriginalException());
        Assert.Contains("write \"password\" instead", error.Message, StringComparison.Ordinal);
    }
}
