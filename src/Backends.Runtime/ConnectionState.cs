namespace Backends.Runtime;

/// <summary>The life cycle of a connection: Created → Configuring → Ready, or Faulted / Closed.</summary>
public enum ConnectionState
{
    /// <summary>Constructed; <see cref="IBackendConnection.ConfigureAsync"/> has not been called.</summary>
    Created,

    /// <summary>Connecting, retrying with backoff while the server is down.</summary>
    Configuring,

    /// <summary>Connected and answering; <see cref="IBackendConnection.Instance"/> is usable.</summary>
    Ready,

    /// <summary>Start-up gave up: a permanent error (bad credentials, bad settings) or the start-up deadline passed.</summary>
    Faulted,

    /// <summary>Closed; the native client has been disposed.</summary>
    Closed,
}
