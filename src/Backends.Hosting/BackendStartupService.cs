using Backends.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backends.Hosting;

/// <summary>
/// Brings the registry up when the host starts and closes it when the host stops. If a connection does not come
/// up before its start-up deadline, the service logs each failed connection at Critical, sets the process exit code
/// to <see cref="StartupFailedExitCode"/> and stops the application once the host has started, so that <c>await host.RunAsync()</c> returns and
/// the process ends with that code; its supervisor (systemd, Kubernetes) then starts a fresh one.
/// </summary>
/// <remarks>
/// It does not rethrow: an exception out of a hosted service's <c>StartAsync</c> escapes <c>RunAsync</c> and, in the
/// standard templates, ends the process as an unhandled exception (exit code 134 on Linux) instead of the documented code.
/// The hosted services registered after it (the web server) still start, and the application stops as soon as the
/// host has started; health checks report the failed connections meanwhile.
/// </remarks>
public sealed partial class BackendStartupService : IHostedService
{
    private readonly BackendRegistry _registry;
    private readonly ILogger<BackendStartupService> _logger;
    private readonly IHostApplicationLifetime? _lifetime;

    /// <summary>Creates the service; without <paramref name="lifetime"/> a failed start-up is rethrown instead of stopping the application.</summary>
    public BackendStartupService(BackendRegistry registry, ILogger<BackendStartupService> logger, IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _logger = logger;
        _lifetime = lifetime;
    }

    /// <summary>The process exit code used when start-up gives up (<c>EX_SOFTWARE</c> in sysexits.h).</summary>
    public const int StartupFailedExitCode = 70;

    /// <summary>The exception start-up failed with, once it has failed; <see langword="null"/> otherwise.</summary>
    public Exception? StartupFailure { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _registry.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping (SIGTERM during start-up, or its own start-up timeout): that is the host's decision.
            throw;
        }
        catch (Exception ex)
        {
            StartupFailure = ex;
            foreach (var connection in _registry.All)
            {
                // Faulted is what gave up; connections cancelled because another one failed are not named as failures.
                if (connection.State == ConnectionState.Faulted)
                {
                    var error = LastError(connection) ?? ex.Message;
                    LogConnectionFailed(_logger, connection.Name, error);
                }
            }

            LogStartupFailed(_logger, StartupFailedExitCode, ex.Message);
            Environment.ExitCode = StartupFailedExitCode;
            if (_lifetime is null)
            {
                throw;
            }

            // Not StopApplication() now: the host would hand the next hosted services (Kestrel's, in a web app) a
            // cancelled token, their StartAsync would throw, and that exception would escape RunAsync again. Stopping
            // once the host has started lets RunAsync return normally, with the exit code set above.
            _lifetime.ApplicationStarted.Register(static lifetime => ((IHostApplicationLifetime)lifetime!).StopApplication(), _lifetime);
        }
    }

    /// <summary>Closes every connection, waiting at most until <paramref name="cancellationToken"/> (the host's shutdown timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var open = _registry.All.Where(c => c.State != ConnectionState.Closed).Select(c => c.Name).ToList();
        var closing = _registry.DisposeAsync().AsTask();
        try
        {
            await closing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var pending = _registry.All.Where(c => c.State != ConnectionState.Closed).Select(c => c.Name).ToList();
            LogShutdownTimedOut(_logger, pending);

            // The close goes on in the background; its outcome is observed so that a late failure is not unobserved.
            _ = closing.ContinueWith(
                static (task, state) => ((BackendStartupService)state!).LogLateClose(task),
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }
        catch (Exception ex)
        {
            // Not rethrown: an exception out of StopAsync escapes RunAsync and the process would end as an unhandled
            // exception at shutdown. Each connection has recorded its own error in Errors.
            var pending = _registry.All.Where(c => c.State != ConnectionState.Closed).Select(c => c.Name).ToList();
            var error = ex.Message;
            LogCloseFailedAtStop(_logger, pending, error);
            return;
        }

        LogClosed(_logger, open.Count, open);
    }

    private void LogLateClose(Task closing)
    {
        if (closing.Exception is { } exception)
        {
            var error = exception.InnerException?.Message ?? exception.Message;
            LogCloseFailed(_logger, error);
        }
    }

    private static string? LastError(IBackendConnection connection) => connection.Errors is [.., var last] ? last.Message : null;

    [LoggerMessage(EventId = 11, Level = LogLevel.Critical, Message = "Backend {Connection} did not start: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, string connection, string error);

    [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "Backend start-up failed; stopping with exit code {ExitCode} so that the supervisor restarts the service: {Error}")]
    private static partial void LogStartupFailed(ILogger logger, int exitCode, string error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Closed {Count} backend connection(s): {Connections}")]
    private static partial void LogClosed(ILogger logger, int count, IReadOnlyList<string> connections);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "The host's shutdown timeout passed before these backend connections closed: {Connections}")]
    private static partial void LogShutdownTimedOut(ILogger logger, IReadOnlyList<string> connections);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "A backend connection failed to close after the shutdown timeout: {Error}")]
    private static partial void LogCloseFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Backend connections failed to close ({Connections} not closed): {Error}")]
    private static partial void LogCloseFailedAtStop(ILogger logger, IReadOnlyList<string> connections, string error);
}
