using Microsoft.CodeAnalysis.Text;

namespace Backends.Generator.Model;

/// <summary>
/// One backends file after reading: the base file (<c>backends.json</c>) or an overlay for one environment
/// (<c>backends.Production.json</c>), its kinds and connections with their raw settings, and what reading it reported.
/// </summary>
/// <param name="Path">The file's path, as diagnostics locate it.</param>
/// <param name="FileName">The file's name, as generated comments name it.</param>
/// <param name="Environment">The overlay's environment, or null for the base file.</param>
/// <param name="IsValid">False when the file could not be read as JSON at all.</param>
/// <param name="Kinds">The kinds in file order.</param>
/// <param name="Diagnostics">Problems found while reading.</param>
internal sealed record ConfigSpec(
    string Path,
    string FileName,
    string? Environment,
    bool IsValid,
    EquatableArray<KindSection> Kinds,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool IsBase => Environment is null;
}

/// <summary>One backend kind in a file (<c>"mysql": { ... }</c>).</summary>
internal sealed record KindSection(string Kind, TextSpan NameSpan, LinePositionSpan NameLineSpan, EquatableArray<ConnectionSection> Connections)
{
    public LocationInfo NameLocation(string path) => new(path, NameSpan, NameLineSpan);
}

/// <summary>One connection in a file (<c>"demo": { ... }</c>) with its settings object as written.</summary>
internal sealed record ConnectionSection(string Name, TextSpan NameSpan, LinePositionSpan NameLineSpan, JsonNode Settings)
{
    public LocationInfo NameLocation(string path) => new(path, NameSpan, NameLineSpan);
}
