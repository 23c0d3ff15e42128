namespace Backends.Generator.Model;

/// <summary>
/// A top-level section of a backends file that is neither a backend kind nor read by the core, such as
/// <c>"repositories"</c>: handed, as written, to the feature module that owns it (through
/// <see cref="GenerationSpec.Sections"/>). The core never looks inside <see cref="Value"/>.
/// </summary>
/// <param name="Name">The section's key, <c>"repositories"</c>.</param>
/// <param name="FilePath">The path of the file that writes it, for locations.</param>
/// <param name="FileName">That file's name, for messages.</param>
/// <param name="Environment">The overlay's environment, or null when the base file writes it.</param>
/// <param name="NameLocation">Where the section's key is written.</param>
/// <param name="Value">The value as written, with its positions.</param>
internal sealed record SectionSpec(string Name, string FilePath, string FileName, string? Environment, LocationInfo NameLocation, JsonNode Value)
{
    /// <summary>The top-level key of the repositories section (<c>Db.Repositories</c>).</summary>
    public const string RepositoriesKey = "repositories";

    /// <summary>Whether <paramref name="key"/> is a top-level section handed to a feature module rather than a backend kind.</summary>
    public static bool IsFeatureSection(string key) => key == RepositoriesKey;

    /// <summary>Whether the base file writes it.</summary>
    public bool IsBase => Environment is null;
}
