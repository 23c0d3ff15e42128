using Backends.MySql;
using Backends.Runtime;
using Backends.Hosting;
using IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationTests.MySql;

/// <summary>The hosted start-up and the DI health checks, over the shared server.</summary>
[Collection(SharedMariaDb.Name)]
public sealed class MySqlHostingTests(MariaDbFixture fixture)
{
    [Fact]
    public async Task The_hosted_start_up_brings_the_connection_up_and_health_checks_report_Healthy()
    {
        var backend = new MySqlBackend("hosted", fixture.Server.AppSettings());
        var registry = new BackendRegistry([backend]);
        using var host = HostFor(registry, new CapturingLoggerFactory());

        await Wait.For(host.StartAsync());

        Assert.Equal(ConnectionState.Ready, backend.State);
        Assert.Same(backend, host.Services.GetRequiredKeyedService<IBackendConnection>("mysql.hosted"));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["mysql.hosted"].Status);

        await host.StopAsync();
        Assert.Equal(ConnectionState.Closed, backend.State);
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
            var exception = await Wait.ForFailure(host.StartAsync());

            Assert.IsType<BackendStartupException>(exception);
            Assert.Equal(BackendStartupService.StartupFailedExitCode, Environment.ExitCode);
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, report.Entries["mysql.hostedwrong"].Status);
            Assert.Contains("Access denied", report.Entries["mysql.hostedwrong"].Description, StringComparison.Ordinal);
            Secrets.AssertNowhere(wrongPassword, backend, exception, logs);
            Assert.DoesNotContain(wrongPassword, report.Entries["mysql.hostedwrong"].Description ?? "", StringComparison.Ordinal);
        }
        finally
        {
            Environment.ExitCode = 0;
            await registry.DisposeAsync();
        }
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
