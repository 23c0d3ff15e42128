namespace Backends.Runtime;

/// <summary>A connection could not be brought up: a permanent error, or its start-up deadline passed.</summary>
public sealed class BackendStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackendStartupException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BackendStartupException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BackendStartupException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the connection <paramref name="connection"/>.</summary>
    public BackendStartupException(string? connection, string message, Exception? innerException)
        : base(message, innerException) => Connection = connection;

    /// <summary>The failed connection's name, <c>"mysql.demo"</c>; <see langword="null"/> when several failed.</summary>
    public string? Connection { get; }
}
