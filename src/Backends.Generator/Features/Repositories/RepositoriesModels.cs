using Backends.Generator.Model;

namespace Backends.Generator.Features.Repositories;

/// <summary>
/// What the repositories module reads from the core model, reduced at once: the <c>"repositories"</c> sections as written
/// and the declared kinds and connections (for did-you-mean), so that an unrelated change of a setting stays cached.
/// </summary>
/// <param name="ShouldEmit">Whether the core generates code at all.</param>
/// <param name="Namespace">The generated code's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The generated class, <c>Db</c>.</param>
/// <param name="Sections">The <c>"repositories"</c> sections, the base file's first.</param>
/// <param name="Kinds">The backend kinds the base file declares (with a referenced adapter).</param>
/// <param name="Connections">The connections' full names, <c>mongodb.events</c>.</param>
internal sealed record RepositoriesInput(
    bool ShouldEmit,
    string? Namespace,
    string ClassName,
    EquatableArray<SectionSpec> Sections,
    EquatableArray<string> Kinds,
    EquatableArray<string> Connections)
{
    public static readonly RepositoriesInput Empty = new(false, null, "Db", EquatableArray<SectionSpec>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);
}

/// <summary>One repository as generated: <c>Db.Repositories.Users</c>.</summary>
/// <param name="Name">The entry's name as written, <c>users</c>.</param>
/// <param name="Identifier">The accessor, <c>Users</c>.</param>
/// <param name="FieldName">The static field that holds the repository once created.</param>
/// <param name="Line">The 1-based line of the entry in the base file.</param>
/// <param name="Source">The declared data it names, as its feature module contributed it.</param>
internal sealed record RepositoryEntry(string Name, string Identifier, string FieldName, int Line, RepositorySource Source);

/// <summary>What the repositories module generates, and every diagnostic of the section.</summary>
/// <param name="Namespace">The generated code's namespace, or null for the global namespace.</param>
/// <param name="ClassName">The generated class, <c>Db</c>.</param>
/// <param name="FileName">The base file's name, for the doc comments.</param>
/// <param name="Entries">The repositories in declaration order.</param>
/// <param name="Diagnostics">What reading and binding the section reported.</param>
internal sealed record RepositoriesGeneration(
    string? Namespace,
    string ClassName,
    string FileName,
    EquatableArray<RepositoryEntry> Entries,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static readonly RepositoriesGeneration Empty = new(null, "Db", "backends.json", EquatableArray<RepositoryEntry>.Empty, EquatableArray<DiagnosticInfo>.Empty);
}
