namespace Backends.Runtime;

/// <summary>The contract every backend connection handle implements, whatever its kind.</summary>
public interface IBackendConnection : IAsyncDisposable
{
    /// <summary>The full name, <c>"mysql.demo"</c>.</summary>
    string Name { get; }

    /// <summary>The backend kind, <c>"mysql"</c>.</summary>
    string Backend { get; }

    /// <summary>The connection's own name within its kind, <c>"demo"</c>.</summary>
    string ConnectionName { get; }

    /// <summary>The resolved settings; their <see cref="object.ToString"/> redacts secrets.</summary>
    BackendSettings Config { get; }

    /// <summary>The native client (<c>MySqlDataSource</c>, <c>IMongoClient</c>, ...). Throws until <see cref="IsReady"/>.</summary>
    object Instance { get; }

    /// <summary>Where the connection is in its life cycle.</summary>
    ConnectionState State { get; }

    /// <summary><see langword="true"/> when <see cref="State"/> is <see cref="ConnectionState.Ready"/>.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Whether the application starts without this connection (<c>"optional": true</c>): start-up does not wait for it
    /// and it keeps retrying in the background until it is up. Health checks report it Degraded, not Unhealthy, while down.
    /// </summary>
    bool IsOptional { get; }

    /// <summary>Completes when the connection is ready; faults when start-up gives up; is cancelled if it is closed first.</summary>
    Task Ready { get; }

    /// <summary>Every error the connection met, oldest first (the most recent 100 are kept).</summary>
    IReadOnlyList<BackendError> Errors { get; }

    /// <summary>Raised for every error as it happens.</summary>
    event EventHandler<BackendErrorEventArgs>? Error;

    /// <summary>Brings the connection up, retrying a server that is down until it answers or the start-up deadline passes.</summary>
    Task ConfigureAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks that the server answers; throws when it does not (the error is also recorded in <see cref="Errors"/>).</summary>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the connection and disposes the native client.</summary>
    Task CloseAsync();
}
