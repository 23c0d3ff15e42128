namespace Backends.Generator.Model;

/// <summary>
/// One key of a connection that its adapter owns as declared data (<c>[assembly: BackendAdapter(..., DeclaredDataKeys = ...)]</c>),
/// such as MongoDB's <c>"collections"</c>: taken out of the settings before they are validated and handed, as written, to
/// the feature module of the kind, which reads and reports it. The core never looks inside <see cref="Value"/>.
/// </summary>
/// <param name="Kind">The backend kind, <c>"mongodb"</c>.</param>
/// <param name="Connection">The connection's name as written, <c>"events"</c>.</param>
/// <param name="Key">The owned key, <c>"collections"</c>.</param>
/// <param name="FilePath">The path of the file that writes it, for locations.</param>
/// <param name="FileName">That file's name, for messages.</param>
/// <param name="Environment">The overlay's environment, or null when the base file writes it.</param>
/// <param name="KeyLocation">Where the key is written.</param>
/// <param name="Value">The value as written, with its positions (<see cref="JsonNode.Location"/>).</param>
internal sealed record DeclaredDataSpec(
    string Kind,
    string Connection,
    string Key,
    string FilePath,
    string FileName,
    string? Environment,
    LocationInfo KeyLocation,
    JsonNode Value)
{
    /// <summary>Whether the base file writes it (an overlay cannot change the shape of the generated code).</summary>
    public bool IsBase => Environment is null;

    /// <summary>The connection's full name, <c>"mongodb.events"</c>.</summary>
    public string ConnectionFullName => Kind + "." + Connection;
}

/// <summary>
/// A handle a feature module generates for one connection: a class deriving from the adapter's handle that adds the
/// connection's declared data (<c>Db.MongoDb.Events.Users</c>). The core declares the connection's field and accessor with
/// <see cref="TypeName"/> instead of the adapter's handle type, and knows nothing else of it.
/// </summary>
/// <param name="Connection">The connection's full name, <c>"mongodb.events"</c>.</param>
/// <param name="TypeName">The generated class's global::-qualified name.</param>
internal sealed record GeneratedHandleSpec(string Connection, string TypeName);
