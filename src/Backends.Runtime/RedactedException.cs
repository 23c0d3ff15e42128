namespace Backends.Runtime;

/// <summary>
/// An exception on its way out of the library, with every known secret removed from its message, its stack trace,
/// its <see cref="Exception.ToString"/> and its inner exceptions (which are redacted in turn). Loggers and hosts
/// that write <c>ex.ToString()</c> see the original's type, message and stack, redacted.
/// </summary>
/// <remarks>
/// <see cref="BackendError.Exception"/> and the exceptions start-up and <see cref="IBackendConnection.PingAsync"/>
/// throw are of this type. Code that needs the driver's own exception (an error code) asks for it with
/// <see cref="GetOriginalException"/>, deliberately a method: serializers that walk properties do not reach it.
/// </remarks>
public sealed class RedactedException : Exception
{
    private readonly Exception _original;
    private readonly string _text;
    private readonly string? _stackTrace;

    /// <summary>Creates an empty redacted exception.</summary>
    public RedactedException()
        : this("The error was redacted.")
    {
    }

    /// <summary>Creates a redacted exception with a message that holds no secret.</summary>
    public RedactedException(string message)
        : base(message)
    {
        _original = this;
        _text = nameof(RedactedException) + ": " + message;
        OriginalTypeName = typeof(RedactedException).FullName!;
    }

    /// <summary>Creates a redacted exception with a message that holds no secret and a cause, which is redacted by nothing.</summary>
    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
        _original = this;
        _text = nameof(RedactedException) + ": " + message;
        OriginalTypeName = typeof(RedactedException).FullName!;
    }

    internal RedactedException(Exception original, Redactor redactor)
        : base(redactor.Redact(original.Message), original.InnerException is { } inner ? redactor.Wrap(inner) : null)
    {
        _original = original;
        OriginalTypeName = original.GetType().FullName ?? original.GetType().Name;
        HResult = original.HResult;
        _stackTrace = original.StackTrace is { } stack ? redactor.Redact(stack) : null;
        _text = redactor.Redact(original.ToString());
    }

    /// <summary>The full name of the original exception's type, <c>MySqlConnector.MySqlException</c>.</summary>
    public string OriginalTypeName { get; }

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    /// <summary>
    /// The original, unredacted exception, for code that inspects it (an error code). Never log it or its message:
    /// that is what this wrapper exists to prevent.
    /// </summary>
    public Exception GetOriginalException() => _original;

    /// <summary>The original's <see cref="Exception.ToString"/> (type, message, inner exceptions, stack), redacted.</summary>
    public override string ToString() => _text;
}
