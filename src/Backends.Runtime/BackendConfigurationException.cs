namespace Backends.Runtime;

/// <summary>A connection's settings are invalid: a bad run-time override, an unresolvable secret reference.</summary>
public sealed class BackendConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackendConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message that names the key and what to write instead.</summary>
    public BackendConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BackendConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
