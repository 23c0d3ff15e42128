namespace Backends.Runtime;

/// <summary>One error a connection met. <see cref="Message"/> has every secret of the connection's settings redacted.</summary>
/// <param name="Connection">The connection's name, <c>"mysql.demo"</c>.</param>
/// <param name="Phase">What the connection was doing: <c>configure</c>, <c>ping</c>, <c>close</c>, <c>settings</c>.</param>
/// <param name="Message">The redacted message.</param>
/// <param name="Exception">The exception that was raised.</param>
/// <param name="IsTransient">Whether the adapter judged the error worth retrying.</param>
/// <param name="Timestamp">When it happened.</param>
public sealed record BackendError(
    string Connection,
    string Phase,
    string Message,
    Exception Exception,
    bool IsTransient,
    DateTimeOffset Timestamp)
{
    /// <inheritdoc />
    public override string ToString() => $"{Connection} ({Phase}): {Message}";
}

/// <summary>Carries a <see cref="BackendError"/> to <see cref="IBackendConnection.Error"/> handlers.</summary>
public sealed class BackendErrorEventArgs : EventArgs
{
    /// <summary>Wraps <paramref name="error"/>.</summary>
    public BackendErrorEventArgs(BackendError error) => Error = error;

    /// <summary>The error.</summary>
    public BackendError Error { get; }
}
