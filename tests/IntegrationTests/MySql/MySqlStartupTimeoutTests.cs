using Backends.Hosting;
using Backends.MySql;
using Backends.Runtime;
using Backends.Testing;
using IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace IntegrationTests.MySql;

/// <summary>A server that never comes up: the hosted start-up gives up at the deadline and fails the process.</summary>
/// <remarks>
/// No server is needed, but the test shares the MariaDB collection with the other test that sets the process-wide
/// <see cref="Environment.ExitCode"/>, so that the two never run at the same time.
/// </remarks>
[Collection(SharedMariaDb.Name)]
public sealed class MySqlStartupTimeoutTests
{
    [Fact]
    public async Task The_hosted_start_up_stops_the_host_and_sets_a_non_zero_exit_code_when_the_server_never_comes_up()
    {
        var port = LoopbackPorts.Free();
        var backend = new MySqlBackend("never", new MySqlSettings
        {
            Hosts = [$"127.0.0.1:{port}"],
            Database = "demo",
            Username = "app",
            Password = "never-used-secret-5b1f",
            StartupTimeout = TimeSpan.FromSeconds(3),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(500),
        });
        var registry = new BackendRegistry([backend]);
        var logs = new CapturingLoggerFactory();
        using var host = MySqlHostingTests.HostFor(registry, logs);
        Environment.ExitCode = 0;
        try
        {
            var exception = await MySqlHostingTests.StartupFailureOf(host);

            var startup = Assert.IsType<BackendStartupException>(exception);
            Assert.Contains("did not come up within its startupTimeout", startup.Message, StringComparison.Ordinal);
            Assert.Equal(BackendStartupService.StartupFailedExitCode, Environment.ExitCode);
            Assert.NotEqual(0, Environment.ExitCode);
            Assert.Equal(ConnectionState.Faulted, backend.State);

            // Every attempt was judged transient and retried; only the deadline made it permanent.
            var errors = backend.Errors;
            Assert.True(errors.Count >= 2, $"expected several attempts, got {errors.Count}");
            Assert.All(errors.SkipLast(1), e => Assert.True(e.IsTransient));
            Assert.All(errors.SkipLast(1), e => Assert.Equal(MySqlErrorCode.UnableToConnectToHost, Assert.IsType<MySqlException>(e.GetOriginalException()).ErrorCode));
            Assert.False(errors[^1].IsTransient);
            Assert.Contains(logs.Lines, l => l.Contains("Critical", StringComparison.Ordinal) && l.Contains("mysql.never", StringComparison.Ordinal));

            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["backends.mysql.never"].Status);
            Secrets.AssertNowhere("never-used-secret-5b1f", backend, exception, logs);
        }
        finally
        {
            Environment.ExitCode = 0;
            await registry.DisposeAsync();
        }
    }
}
