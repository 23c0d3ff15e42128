namespace Backends.Runtime;

/// <summary>
/// One error a connection met. <see cref="Message"/>, <see cref="Exception"/> (a <see cref="RedactedException"/>: its
/// message, inner exceptions and <see cref="System.Exception.ToString"/>) and <see cref="ToString"/> have every secret
/// of the connection's settings redacted.
/// </summary>
/// <param name="Connection">The connection's name, <c>"mysql.demo"</c>.</param>
/// <param name="Phase">What the connection was doing: <c>configure</c>, <c>ping</c>, <c>close</c>, <c>settings</c>.</param>
/// <param name="Message">The redacted message.</param>
/// <param name="Exception">The exception that was raised, redacted (see <see cref="GetOriginalException"/>).</param>
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
    /// <summary>Records <paramref name="exception"/> with its message and the exception itself redacted by <paramref name="redactor"/>.</summary>
    public static BackendError Create(string connection, string phase, Exception exception, bool isTransient, Redactor redactor)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(redactor);
        var redacted = redactor.Wrap(exception);
        return new BackendError(connection, phase, redacted.Message, redacted, isTransient, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The exception as the driver raised it, unredacted, for code that inspects it (an error code). Never log it:
    /// log <see cref="Exception"/> or <see cref="Message"/>.
    /// </summary>
    public Exception GetOriginalException() => Exception is RedactedException redacted ? redacted.GetOriginalException() : Exception;

    /// <inheritdoc />
    public override string ToString() => $"{Connection} ({Phase}): {Message}";
}
