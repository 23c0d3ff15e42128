using Backends.Hosting;
using Backends.MySql;
using Backends.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backends.Runtime.Tests.Hosting;

/// <summary>
/// A connection that is not up is Unhealthy when it is required and Degraded when it is optional (the app runs without
/// it), both in the check's own result and in the status a timed-out check reports.
/// </summary>
public sealed class HealthStatusTests
{
    [Theory]
    [InlineData(false, HealthStatus.Unhealthy)]
    [InlineData(true, HealthStatus.Degraded)]
    public async Task A_closed_connection_reports_the_status_its_policy_gives(bool optional, HealthStatus expected)
    {
        // Port 1 on loopback: nothing listens, and nothing connects anyway, since the connection is closed before it starts.
        var connection = new MySqlBackend("probe", new MySqlSettings
        {
            Hosts = ["127.0.0.1:1"],
            Database = "probe",
            Username = "app",
            Optional = optional,
        });
        await connection.CloseAsync();
        var registration = BackendHealthCheck.Registration(connection, TimeSpan.FromSeconds(3));

        // Registering reads no setting (AddBackends may apply overrides after it), so the timeout status starts Unhealthy.
        Assert.Equal(HealthStatus.Unhealthy, registration.FailureStatus);

        var result = await registration.Factory(null!).CheckHealthAsync(new HealthCheckContext { Registration = registration });

        Assert.Equal(expected, result.Status);
        Assert.Contains("mysql.probe is Closed", result.Description, StringComparison.Ordinal);
        Assert.Equal(expected, registration.FailureStatus);
    }
}
