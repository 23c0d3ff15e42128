namespace Backends.Runtime;

/// <summary>Carries a <see cref="BackendError"/> to <see cref="IBackendConnection.Error"/> handlers.</summary>
public sealed class BackendErrorEventArgs : EventArgs
{
    /// <summary>Wraps <paramref name="error"/>.</summary>
    public BackendErrorEventArgs(BackendError error) => Error = error;

    /// <summary>The error.</summary>
    public BackendError Error { get; }
}
