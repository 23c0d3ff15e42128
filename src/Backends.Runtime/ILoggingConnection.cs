using Microsoft.Extensions.Logging;

namespace Backends.Runtime;

/// <summary>A connection whose logger the registry can set.</summary>
public interface ILoggingConnection
{
    /// <summary>Where the connection logs.</summary>
    ILogger Logger { get; set; }
}
