using Backends.MySql;
using Backends.Runtime;
using Backends.Hosting;
using Backends.Testing;
using Dapper;
using IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationTests.MySql;

/// <summary>
/// Secret references and run-time overrides against the real server. The settings factories are written the way
/// generated code writes them (<see cref="MySqlTestSettings"/>), over the real <see cref="BackendSettingsContext"/>.
/// </summary>
[Collection(SharedMariaDb.Name)]
public sealed class MySqlSecretAndOverrideTests(MariaDbFixture fixture)
{
    private MariaDbServer Server => fixture.Server;

    [Fact]
    public async Task An_env_password_reference_resolves_at_run_time()
    {
        var variable = "BACKENDGEN_TEST_MYSQL_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Server.AppPassword);
        try
        {
            var context = new BackendSettingsContext("Production", new EnvironmentValueSource());
            var backend = new MySqlBackend("envsecret", MySqlTestSettings.Factory(context, "envsecret", s => FromJson(s, "${env:" + variable + "}")));
            var logs = new CapturingLoggerFactory();
            await using var registry = new BackendRegistry([backend], context);
            registry.UseLogger(logs);

            await Wait.For(registry.InitializeAsync());

            Assert.Equal(Server.AppPassword, backend.Settings.Password);
            await AssertWorksAsync(backend);
            Secrets.AssertNowhere(Server.AppPassword, backend, null, logs);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task A_file_password_reference_resolves_at_run_time()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("backendgen-secret-").FullName, "mysql-password");
        try
        {
            // Secret files usually end with a newline; it is not part of the password.
            await File.WriteAllTextAsync(file, Server.AppPassword + "\n");
            var context = new BackendSettingsContext("Production", new EnvironmentValueSource());
            var backend = new MySqlBackend("filesecret", MySqlTestSettings.Factory(context, "filesecret", s => FromJson(s, "${file:" + file + "}")));
            await using var registry = new BackendRegistry([backend], context);

            await Wait.For(registry.InitializeAsync());

            await AssertWorksAsync(backend);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_env_variable_faults_at_once_and_says_what_to_set()
    {
        var variable = "BACKENDGEN_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var context = new BackendSettingsContext("Production", new EnvironmentValueSource());
        var backend = new MySqlBackend("unset", MySqlTestSettings.Factory(context, "unset", s => FromJson(s, "${env:" + variable + "}")));
        await using var registry = new BackendRegistry([backend], context);

        var exception = await Wait.ForFailure(registry.InitializeAsync());

        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        var error = Assert.Single(backend.Errors);
        Assert.IsType<BackendConfigurationException>(error.GetOriginalException());
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("Backends__mysql__unset__password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IConfiguration_overrides_replace_compiled_values()
    {
        // The compiled values point at a dead host, the wrong database and a wrong password; configuration fixes all three.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Backends:mysql:configured:hosts:0"] = Server.Host,
                ["Backends:mysql:configured:database"] = MariaDbServer.ArchiveDatabase,
                ["Backends:mysql:configured:password"] = Server.AppPassword,
                ["Backends:mysql:configured:pool:max"] = "7",
            })
            .Build();
        var context = new BackendSettingsContext("Production", new EnvironmentValueSource());
        var backend = new MySqlBackend("configured", MySqlTestSettings.Factory(context, "configured", s =>
        {
            FromJson(s, "not-the-password");
            s.Hosts = [MySqlTestSettings.NothingListens + ":1"];
            s.Database = MariaDbServer.DemoDatabase;
        }));
        await using var registry = new BackendRegistry([backend], context);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBackendRegistry(registry, configuration);
        await using var provider = services.BuildServiceProvider();

        await Wait.For(registry.InitializeAsync());

        Assert.Equal([Server.Host], backend.Settings.Hosts);
        Assert.Equal(7, backend.Settings.Pool.Max);
        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(MariaDbServer.ArchiveDatabase, await connection.ExecuteScalarAsync<string?>("SELECT DATABASE()"));
        Assert.Same(backend, provider.GetRequiredKeyedService<IBackendConnection>("mysql.configured"));
    }

    [Fact]
    public async Task Backends_environment_variables_override_compiled_values()
    {
        // Unique connection names keep these process-wide variables away from every other test.
        var name = "env" + Guid.NewGuid().ToString("N")[..8];
        string[] variables = [$"Backends__mysql__{name}__hosts__0", $"Backends__mysql__{name}__password", $"Backends__mysql__{name}__startupTimeout"];
        Environment.SetEnvironmentVariable(variables[0], Server.Host);
        Environment.SetEnvironmentVariable(variables[1], Server.AppPassword);
        Environment.SetEnvironmentVariable(variables[2], "90s");
        try
        {
            // Read directly (the default context) and through IConfiguration's environment provider.
            var direct = new BackendSettingsContext("Production", new EnvironmentValueSource());
            var viaConfiguration = new BackendSettingsContext("Production", new ConfigurationValueSource(new ConfigurationBuilder().AddEnvironmentVariables().Build()));
            foreach (var context in new[] { direct, viaConfiguration })
            {
                var backend = new MySqlBackend(name, MySqlTestSettings.Factory(context, name, s =>
                {
                    FromJson(s, "not-the-password");
                    s.Hosts = [MySqlTestSettings.NothingListens + ":1"];
                }));
                await using var registry = new BackendRegistry([backend], context);

                await Wait.For(registry.InitializeAsync());

                Assert.Equal(TimeSpan.FromSeconds(90), backend.Settings.StartupTimeout);
                await AssertWorksAsync(backend);
                Secrets.AssertNowhere(Server.AppPassword, backend, null, null);
            }
        }
        finally
        {
            foreach (var variable in variables)
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }
    }

    [Fact]
    public async Task An_override_that_is_not_valid_faults_with_a_message_naming_the_key()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Backends:mysql:badoverride:pool:max"] = "lots" })
            .Build();
        var context = new BackendSettingsContext("Production", new ConfigurationValueSource(configuration));
        var backend = new MySqlBackend("badoverride", MySqlTestSettings.Factory(context, "badoverride", s => FromJson(s, Server.AppPassword)));
        await using var registry = new BackendRegistry([backend], context);

        var exception = await Wait.ForFailure(registry.InitializeAsync());

        Assert.IsType<BackendStartupException>(exception);
        Assert.Equal(ConnectionState.Faulted, backend.State);
        Assert.Contains("mysql:badoverride:pool:max", Assert.Single(backend.Errors).Message, StringComparison.Ordinal);
    }

    private void FromJson(MySqlSettings settings, string password)
    {
        settings.Hosts = [Server.Host];
        settings.Database = MariaDbServer.DemoDatabase;
        settings.Username = MariaDbServer.AppUser;
        settings.Password = password;
        settings.StartupTimeout = TimeSpan.FromMinutes(2);
        settings.RetryDelay = TimeSpan.FromMilliseconds(100);
    }

    private static async Task AssertWorksAsync(MySqlBackend backend)
    {
        Assert.Equal(ConnectionState.Ready, backend.State);
        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(MariaDbServer.AppUser + "@127.0.0.1", await connection.ExecuteScalarAsync<string?>("SELECT USER()"));
    }
}
