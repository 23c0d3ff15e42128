using Backends.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Backends.Hosting;

/// <summary>
/// Reports one connection's health: Healthy when it is ready and answers a ping, Degraded while it is starting, and
/// the not-up status (Unhealthy; Degraded for an optional connection) when it is faulted, closed or does not answer. Registered by <c>AddBackends</c> as
/// <c>backends.&lt;kind&gt;.&lt;name&gt;</c>, tagged <c>backends</c>, the kind and the full name, with a timeout.
/// </summary>
public sealed class BackendHealthCheck : IHealthCheck
{
    /// <summary>The tag every backend health check carries.</summary>
    public const string Tag = "backends";

    /// <summary>How long one check may take (a ping that does not answer in time reports the not-up status).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly IBackendConnection _connection;
    private HealthCheckRegistration? _registration;

    /// <summary>Checks <paramref name="connection"/>.</summary>
    public BackendHealthCheck(IBackendConnection connection) =>
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <summary>The name of <paramref name="connection"/>'s check: <c>backends.mysql.demo</c>.</summary>
    public static string NameOf(IBackendConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Tag + "." + connection.Name;
    }

    /// <summary>
    /// The registration of <paramref name="connection"/>'s check: named by <see cref="NameOf"/>, tagged <c>backends</c>,
    /// the kind (<c>mysql</c>) and the full name (<c>mysql.demo</c>); a check that exceeds <paramref name="timeout"/>
    /// reports the same status as a connection that is down.
    /// </summary>
    public static HealthCheckRegistration Registration(IBackendConnection connection, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var check = new BackendHealthCheck(connection);
        // Unhealthy until the first check: whether the connection is optional is read from its settings, which must not
        // be read (and frozen) here, before AddBackends has applied the configuration's overrides.
        var registration = new HealthCheckRegistration(
            NameOf(connection),
            check,
            HealthStatus.Unhealthy,
            [Tag, connection.Backend, connection.Name],
            timeout);
        check._registration = registration;
        return registration;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The status a timeout of this check reports (applied by the health check service) follows the connection's policy.
        _registration?.FailureStatus = NotUpStatus(_connection);
        var data = new Dictionary<string, object>
        {
            ["connection"] = _connection.Name,
            ["kind"] = _connection.Backend,
            ["state"] = _connection.State.ToString(),
            ["errors"] = _connection.Errors.Count,
        };
        switch (_connection.State)
        {
            case ConnectionState.Ready:
                try
                {
                    await _connection.PingAsync(cancellationToken).ConfigureAwait(false);
                    return HealthCheckResult.Healthy($"{_connection.Name} answers", data);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The adapter records ping failures in Errors with secrets redacted; the raw exception text is not shown.
                    return new HealthCheckResult(NotUpStatus(_connection), $"{_connection.Name} does not answer: {LastError() ?? ex.GetType().Name}", data: data);
                }

            case ConnectionState.Created:
            case ConnectionState.Configuring:
                return HealthCheckResult.Degraded($"{_connection.Name} is starting", data: data);
            default:
                return new HealthCheckResult(NotUpStatus(_connection), $"{_connection.Name} is {_connection.State}: {LastError()}", data: data);
        }
    }

    /// <summary>
    /// The status of a connection that is not up (faulted, closed, not answering, or timing out). The one place that
    /// decides it: a required connection is Unhealthy; an optional one (the app runs without it) is Degraded.
    /// </summary>
    private static HealthStatus NotUpStatus(IBackendConnection connection) =>
        connection.IsOptional ? HealthStatus.Degraded : HealthStatus.Unhealthy;

    private string? LastError() => _connection.Errors is [.., var last] ? last.Message : null;
}
