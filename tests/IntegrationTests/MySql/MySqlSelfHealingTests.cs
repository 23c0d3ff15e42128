using Backends.Hosting;
using Backends.MySql;
using Backends.Runtime;
using Backends.Testing;
using Dapper;
using IntegrationTests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace IntegrationTests.MySql;

/// <summary>Servers that come and go: each test runs its own MariaDB so it can start and stop it.</summary>
public sealed class MySqlSelfHealingTests
{
    [Fact]
    public async Task A_server_that_starts_after_InitializeAsync_is_awaited_and_ends_Ready_without_a_restart()
    {
        // The data directory is made first; nothing listens on the port until LaunchAsync.
        var port = LoopbackPorts.Free();
        await using var server = await MariaDbServer.CreateAsync(port);
        var backend = new MySqlBackend("late", server.AppSettings());
        var logs = new CapturingLoggerFactory();
        await using var registry = new BackendRegistry([backend]);
        registry.UseLogger(logs);

        var initializing = registry.InitializeAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await Wait.Until(() => backend.Errors.Count >= 2, "two failed attempts");

        Assert.False(initializing.IsCompleted);
        Assert.Equal(ConnectionState.Configuring, backend.State);
        Assert.All(backend.Errors, e => Assert.True(e.IsTransient));
        Assert.All(backend.Errors, e => Assert.Equal(MySqlErrorCode.UnableToConnectToHost, Assert.IsType<MySqlException>(e.GetOriginalException()).ErrorCode));

        await server.LaunchAsync();
        await Wait.For(initializing);

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.Same(initializing, registry.InitializeAsync());
        Assert.Contains(logs.Lines, l => l.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("mysql.late is ready", StringComparison.Ordinal));
        await using var connection = await backend.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT 1"));
    }

    [Fact]
    public async Task The_health_check_follows_the_real_server_down_and_back_up()
    {
        await using var server = await MariaDbServer.StartAsync();
        await using var backend = new MySqlBackend("health", server.AppSettings());
        await Wait.For(backend.ConfigureAsync());
        var check = new BackendHealthCheck(backend);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(backend.Name, check, HealthStatus.Unhealthy, ["backends"]) };
        var instance = backend.Instance;

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);

        await server.StopAsync();
        var down = await check.CheckHealthAsync(context);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("does not answer", down.Description, StringComparison.Ordinal);
        var error = backend.Errors[^1];
        Assert.Equal("ping", error.Phase);
        Assert.True(error.IsTransient);
        await Assert.ThrowsAsync<MySqlException>(async () => await backend.OpenConnectionAsync());
        Assert.Equal("open", backend.Errors[^1].Phase);

        // The driver reconnects by itself once the server is back: same handle, same data source, no restart.
        await server.LaunchAsync();
        await Wait.Until(async () => (await check.CheckHealthAsync(context)).Status == HealthStatus.Healthy, "a healthy check after the restart");
        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.Same(instance, backend.Instance);
    }
}
