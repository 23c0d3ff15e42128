using Backends.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backends.Hosting;

/// <summary>
/// Brings the registry up when the host starts and closes it when the host stops. If a connection does not come
/// up before its start-up deadline the host fails to start, so the process exits with a non-zero code and its
/// supervisor (systemd, Kubernetes) starts a fresh one.
/// </summary>
public sealed partial class BackendStartupService : IHostedService
{
    private readonly BackendRegistry _registry;
    private readonly ILogger<BackendStartupService> _logger;

    /// <summary>Creates the service.</summary>
    public BackendStartupService(BackendRegistry registry, ILogger<BackendStartupService> logger)
    {
        _registry = registry;
        _logger = logger;
    }

    /// <summary>The process exit code used when start-up gives up.</summary>
    public const int StartupFailedExitCode = 70;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _registry.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (BackendStartupException ex)
        {
            LogStartupFailed(_logger, ex.Message);
            Environment.ExitCode = StartupFailedExitCode;
            throw;
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _registry.DisposeAsync().AsTask();

    [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "Backend start-up failed; stopping so that the supervisor restarts the service: {Error}")]
    private static partial void LogStartupFailed(ILogger logger, string error);
}
