using Backends.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backends.Hosting;

/// <summary>Reports one connection's health: its state, and a ping when it is ready.</summary>
public sealed class BackendHealthCheck : IHealthCheck
{
    private readonly IBackendConnection _connection;

    /// <summary>Checks <paramref name="connection"/>.</summary>
    public BackendHealthCheck(IBackendConnection connection) => _connection = connection;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["state"] = _connection.State.ToString(), ["errors"] = _connection.Errors.Count };
        switch (_connection.State)
        {
            case ConnectionState.Ready:
                try
                {
                    await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
                    return HealthCheckResult.Healthy($"{_connection.Name} answers", data);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    return HealthCheckResult.Unhealthy($"{_connection.Name} does not answer: {LastError()}", data: data);
                }

            case ConnectionState.Created:
            case ConnectionState.Configuring:
                return HealthCheckResult.Degraded($"{_connection.Name} is starting", data: data);
            default:
                return HealthCheckResult.Unhealthy($"{_connection.Name} is {_connection.State}: {LastError()}", data: data);
        }
    }

    private string? LastError() => _connection.Errors is [.., var last] ? last.Message : null;
}
