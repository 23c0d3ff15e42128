using Backends.MySql;
using Backends.Runtime;
using Backends.Hosting;
using Backends.Testing;
using IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationTests.MySql;

/// <summary>The hosted start-up, graceful stop and the DI health checks (names, tags, timeouts), over the shared server.</summary>
[Collection(SharedMariaDb.Name)]
public sealed class MySqlHostingTests(MariaDbFixture fixture)
{
    [Fact]
    public async Task The_hosted_start_up_brings_the_connection_up_and_health_checks_report_Healthy()
    {
        var backend = new MySqlBackend("hosted", fixture.Server.AppSettings());
        var registry = new BackendRegistry([backend]);
        var logs = new CapturingLoggerFactory();
        using var host = HostFor(registry, logs);

        await Wait.For(host.StartAsync());

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.Same(backend, host.Services.GetRequiredKeyedService<IBackendConnection>("mysql.hosted"));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["backends.mysql.hosted"].Status);

        await Wait.For(host.StopAsync());
        Assert.Equal(ConnectionState.Closed, backend.State);
        Assert.Contains(logs.Lines, l => l.Contains("Closed 1 backend connection(s): mysql.hosted", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_connection_gets_a_health_check_named_backends_kind_name_tagged_and_with_a_timeout()
    {
        var registry = new BackendRegistry([
            new MySqlBackend("first", fixture.Server.AppSettings()),
            new MySqlBackend("second", fixture.Server.AppSettings()),
        ]);
        var services = new ServiceCollection().AddLogging().AddBackendRegistry(registry, null, TimeSpan.FromSeconds(3)).BuildServiceProvider();

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(["backends.mysql.first", "backends.mysql.second"], registrations.Select(r => r.Name));
        Assert.Equal(["backends", "mysql", "mysql.first"], registrations[0].Tags.Order(StringComparer.Ordinal));
        Assert.Equal(["backends", "mysql", "mysql.second"], registrations[1].Tags.Order(StringComparer.Ordinal));
        Assert.All(registrations, r => Assert.Equal(TimeSpan.FromSeconds(3), r.Timeout));
        Assert.All(registrations, r => Assert.Equal(HealthStatus.Unhealthy, r.FailureStatus));
        Assert.Equal(
            BackendHealthCheck.DefaultTimeout,
            Assert.Single(new ServiceCollection().AddLogging().AddBackendRegistry(new BackendRegistry([new MySqlBackend("third", fixture.Server.AppSettings())]), null)
                .BuildServiceProvider().GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations).Timeout);
    }

    [Fact]
    public async Task The_hosted_start_up_fails_at_once_on_wrong_credentials_and_health_reports_Unhealthy()
    {
        const string wrongPassword = "hosted-Wr0ng-9d2e";
        var settings = fixture.Server.AppSettings();
        settings.Password = wrongPassword;
        settings.StartupTimeout = Timeout.InfiniteTimeSpan;
        var backend = new MySqlBackend("hostedwrong", settings);
        var registry = new BackendRegistry([backend]);
        var logs = new CapturingLoggerFactory();
        using var host = HostFor(registry, logs);
        Environment.ExitCode = 0;
        try
        {
            var exception = await StartupFailureOf(host);

            Assert.IsType<BackendStartupException>(exception);
            Assert.Equal(BackendStartupService.StartupFailedExitCode, Environment.ExitCode);
            Assert.Contains(logs.Lines, l => l.Contains("Critical", StringComparison.Ordinal) &&
                l.Contains("mysql.hostedwrong", StringComparison.Ordinal) && l.Contains("Access denied", StringComparison.Ordinal));
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            var entry = report.Entries["backends.mysql.hostedwrong"];
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.Contains("Access denied", entry.Description, StringComparison.Ordinal);
            Secrets.AssertNowhere(wrongPassword, backend, exception, logs);
            Assert.DoesNotContain(wrongPassword, entry.Description ?? "", StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = 0;
            await registry.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts <paramref name="host"/>, whose start-up must fail: the host's StartAsync returns (no exception escapes to
    /// RunAsync), the application is stopping, and the start-up service holds what it failed with.
    /// </summary>
    internal static async Task<Exception> StartupFailureOf(IHost host)
    {
        await Wait.For(host.StartAsync());
        Assert.True(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "a failed start-up must stop the application");
        var service = host.Services.GetServices<IHostedService>().OfType<BackendStartupService>().Single();
        return service.StartupFailure ?? throw new Xunit.Sdk.XunitException("the start-up did not fail");
    }

    internal static IHost HostFor(BackendRegistry registry, CapturingLoggerFactory logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddBackendRegistry(registry, builder.Configuration);
        return builder.Build();
    }
}
